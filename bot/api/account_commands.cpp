// SPDX-License-Identifier: Apache-2.0
// "web" sends a sign-in link by DM; "token create|revoke" manage personal API tokens. A token is
// a long-lived secret, so it is only ever shown in a direct conversation and never stored or
// logged in clear.
#include "bot/api/account_commands.hpp"

#include "bot/api/web_routes.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace sb {
namespace {

using namespace sb::commands;

// A DM, or the console, which only the person at the terminal reads.
bool is_direct(ApiContext const& api, ChatOrigin const& origin) {
    if (origin.room.empty())
        return true;
    auto const& chats = api.core.config.chat;
    return std::any_of(chats.begin(), chats.end(), [&](config::ChatAdapterConfig const& chat) {
        return chat.name == origin.adapter && chat.type == "console";
    });
}

std::string lifetime_text(std::chrono::seconds lifetime) {
    auto const minutes = lifetime.count() / 60;
    if (lifetime.count() % 60 == 0 && minutes >= 1 && minutes < 120)
        return minutes == 1 ? "1 minute" : std::to_string(minutes) + " minutes";
    return format_duration(lifetime);
}

std::string send_signin_link(ApiContext& api, ChatOrigin const& origin, std::string const& person) {
    auto link = signin_link(api, person);
    if (!link)
        return "Sorry: " + link.error().message;
    auto const lifetime = lifetime_text(api.signin_link_lifetime);
    auto messages = api.core.direct_messages(
        person, "Your sign-in link for switchboard's web page; it works once, for " + lifetime +
                    ": " + *link);
    // One copy where the person asked, when they can be reached there: the link works once.
    auto here = std::find_if(messages.begin(), messages.end(), [&](NewOutbox const& message) {
        return message.adapter == origin.adapter;
    });
    if (here != messages.end())
        messages = {*here};
    for (auto& message : messages)
        message.after_delivery = "(sign-in link, removed after delivery)";
    if (messages.empty())
        return "Sorry: I can't send you a direct message in any chat, so I can't send the link; "
               "ask a rota manager to add your chat identity to the config.";
    if (auto queued = api.core.store.outbox().add(0, messages); !queued) {
        spdlog::error("web: could not queue the sign-in link for {}: {}", person,
                      queued.error().message);
        return "Sorry: the store could not queue the message; try again in a moment.";
    }
    api.core.publish(MessagesQueued{});
    spdlog::info("web: sign-in link sent to {} by {}", person, messages.front().adapter);
    return "I sent you a sign-in link in a direct message; it works once, for " + lifetime + ".";
}

std::string create_token(ApiContext& api, ChatOrigin const& origin, std::string const& person,
                         std::optional<std::string> const& label) {
    if (!is_direct(api, origin))
        return "Sorry: an API token is a secret, so I only create one in a direct message. Send "
               "me 'token create" +
               (label ? " " + *label : std::string()) + "' in a DM.";
    auto created = api.auth.create_token(person, label.value_or(""), api.core.clock.now());
    if (!created)
        return "Sorry: " + created.error().message;
    spdlog::info("api: token '{}' created for {} in {}", created->token.label, person,
                 origin.adapter);
    auto const& name = created->token.label;
    return "Your API token '" + name + "'. It is shown only this once, so copy it now:\n" +
           created->secret +
           "\nSend it as the header 'Authorization: Bearer <token>'; 'token "
           "revoke " +
           name + "' revokes it.";
}

std::string revoke_tokens(ApiContext& api, std::string const& person,
                          std::optional<std::string> const& label) {
    auto revoked = api.auth.revoke_tokens(person, label.value_or(""), api.core.clock.now());
    if (!revoked)
        return "Sorry: " + revoked.error().message;
    if (*revoked == 0)
        return label ? "Sorry: you have no token labelled '" + *label + "'."
                     : std::string("You have no API tokens to revoke.");
    spdlog::info("api: {} token(s) of {} revoked{}", *revoked, person,
                 label ? " (label '" + *label + "')" : std::string());
    if (label)
        return "Revoked your token '" + *label + "'.";
    return *revoked == 1 ? std::string("Revoked your API token.")
                         : "Revoked all " + std::to_string(*revoked) + " of your API tokens.";
}

} // namespace

std::optional<std::string> account_command(ApiContext& api, ChatOrigin const& origin,
                                           std::string const& person, Command const& command) {
    return std::visit(Overloaded{
                          [&](Web const&) -> std::optional<std::string> {
                              return send_signin_link(api, origin, person);
                          },
                          [&](TokenCreate const& c) -> std::optional<std::string> {
                              return create_token(api, origin, person, c.label);
                          },
                          [&](TokenRevoke const& c) -> std::optional<std::string> {
                              return revoke_tokens(api, person, c.label);
                          },
                          [](auto const&) -> std::optional<std::string> { return std::nullopt; },
                      },
                      command);
}

void attach_account_commands(CommandHandler& handler, ApiContext& api) {
    auto account = [&api](CommandRequest const& request) {
        return account_command(api, request.origin, request.person, request.command)
            .value_or(std::string());
    };
    for (std::string_view verb : {Web::verb, TokenCreate::verb})
        handler.table().set(verb, account);
}

} // namespace sb
