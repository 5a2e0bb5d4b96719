// SPDX-License-Identifier: Apache-2.0
// Creates, lists and revokes personal API tokens in the daemon's store.
#include "bot/api/token_cli.hpp"

#include "base/text.hpp"
#include "bot/api/auth_store.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>

namespace sb {
namespace {

using nlohmann::json;

// "; did you mean 'alice'?" for a person id that is one or two typos away from a known one.
std::string suggestion(config::Config const& config, std::string const& person) {
    std::string best;
    std::size_t best_distance = 0;
    for (auto const& [id, unused] : config.people) {
        auto distance = edit_distance(person, id);
        if (best.empty() || distance < best_distance) {
            best = id;
            best_distance = distance;
        }
    }
    if (best.empty() || best_distance > (person.size() <= 4 ? 1U : 2U))
        return {};
    return "; did you mean '" + best + "'?";
}

bool known_person(config::Config const& config, std::string const& person, std::ostream& err) {
    if (config.people.contains(person))
        return true;
    err << "switchboard: --person: there is no person '" << person << "' in " << config.path
        << suggestion(config, person) << '\n';
    return false;
}

json optional_time(std::optional<Instant> const& at) {
    return at ? json(format_instant(*at)) : json(nullptr);
}

} // namespace

int run_token_cli(config::Config const& config, TokenCliOptions const& options, std::ostream& out,
                  std::ostream& err) {
    if (options.action != TokenAction::list || !options.person.empty())
        if (!known_person(config, options.person, err))
            return 1;
    // The store's informational lines (migrations) would mix with the token on stdout.
    spdlog::set_level(spdlog::level::warn);
    auto const path = (std::filesystem::path(options.state_dir) / "switchboard.db").string();
    auto const now = std::chrono::floor<Seconds>(std::chrono::system_clock::now());
    try {
        Store store(path);
        AuthStore auth(store);
        switch (options.action) {
        case TokenAction::create: {
            auto created = auth.create_token(options.person, options.label, now);
            if (!created) {
                err << "switchboard: " << created.error().to_string() << '\n';
                return 1;
            }
            if (options.json)
                out << json{{"id", created->token.id},
                            {"person", created->token.person},
                            {"label", created->token.label},
                            {"token", created->secret}}
                           .dump()
                    << '\n';
            else
                out << created->secret << '\n';
            // On stderr, so that `token=$(switchboard token create …)` captures only the token.
            if (!options.json)
                err << "Token '" << created->token.label << "' for " << options.person
                    << " created; it is shown only this once. Send it as 'Authorization: "
                       "Bearer <token>'.\n";
            return 0;
        }
        case TokenAction::list: {
            auto listed = auth.tokens(options.person);
            if (!listed) {
                err << "switchboard: " << listed.error().to_string() << '\n';
                return 1;
            }
            auto const& tokens = *listed;
            if (options.json) {
                json items = json::array();
                for (auto const& token : tokens)
                    items.push_back({{"id", token.id},
                                     {"person", token.person},
                                     {"label", token.label},
                                     {"created_at", format_instant(token.created_at)},
                                     {"last_used_at", optional_time(token.last_used_at)},
                                     {"revoked_at", optional_time(token.revoked_at)}});
                out << json{{"items", items}}.dump(2) << '\n';
                return 0;
            }
            if (tokens.empty()) {
                out << "No API tokens" << (options.person.empty() ? "" : " for " + options.person)
                    << ".\n";
                return 0;
            }
            for (auto const& token : tokens) {
                out << token.id << "  " << token.person << "  " << token.label << "  created "
                    << format_instant(token.created_at);
                if (token.last_used_at)
                    out << ", last used " << format_instant(*token.last_used_at);
                if (token.revoked_at)
                    out << ", revoked " << format_instant(*token.revoked_at);
                out << '\n';
            }
            return 0;
        }
        case TokenAction::revoke: {
            auto revoked = auth.revoke_tokens(options.person, options.label, now);
            if (!revoked) {
                err << "switchboard: " << revoked.error().to_string() << '\n';
                return 1;
            }
            if (*revoked == 0 && !options.label.empty()) {
                err << "switchboard: --label: " << options.person
                    << " has no unrevoked token labelled '" << options.label << "'\n";
                return 1;
            }
            if (options.json)
                out << json{{"person", options.person}, {"revoked", *revoked}}.dump() << '\n';
            else
                out << "Revoked " << *revoked << " token(s) of " << options.person << ".\n";
            return 0;
        }
        }
    } catch (std::exception const& e) {
        err << "switchboard: cannot open the store " << path << ": " << e.what() << '\n';
        return 1;
    }
    return 0;
}

} // namespace sb
