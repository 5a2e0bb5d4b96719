// SPDX-License-Identifier: Apache-2.0
// libFuzzer entry for Slack's inbound payloads as the adapter reads them: Events API bodies and
// Socket Mode envelopes (JSON), interactive payloads (JSON in a form field), slash commands (a
// form), the request signature check, and Web API answers.
#include "adapters/chat/slack/slack_wire.hpp"
#include "base/json_bounded.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using namespace sb;

void check_translated(Result<slack::Translated> const& translated) {
    if (!translated.has_value()) {
        if (translated.error().message.empty())
            __builtin_trap();
        return;
    }
    // A command always says where it came from, or the answer has nowhere to go.
    if (translated->command && translated->command->origin.adapter != "slack")
        __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string const body(reinterpret_cast<char const*>(data), size);
    std::string const bot_user = "UBOT";

    auto const payload = parse_json_bounded(body);
    if (payload.is_object()) {
        check_translated(
            slack::translate(slack::PayloadKind::events_api, payload, "slack", bot_user));
        check_translated(
            slack::translate(slack::PayloadKind::interactive, payload, "slack", bot_user));
        (void)payload.dump(); // what Socket Mode does with an envelope's payload
    }

    auto form = slack::parse_form(body);
    nlohmann::json slash = nlohmann::json::object();
    for (auto const& [key, value] : form)
        slash[key] = value;
    check_translated(
        slack::translate(slack::PayloadKind::slash_commands, slash, "slack", bot_user));
    if (auto const field = form.find("payload"); field != form.end()) {
        auto const interactive = parse_json_bounded(field->second);
        if (interactive.is_object())
            check_translated(
                slack::translate(slack::PayloadKind::interactive, interactive, "slack", bot_user));
    }

    Instant const now{std::chrono::seconds{1'700'000'000}};
    (void)slack::verify_signature("secret", "1700000000", body, body, now);
    (void)slack::split_card_ref(body);

    OutboundResponse response{.status = 200, .headers = {{"retry-after", body}}, .body = body};
    (void)slack::classify_response("chat.postMessage", Result<OutboundResponse>(response));
    response.status = 429;
    (void)slack::classify_response("chat.update", Result<OutboundResponse>(response));
    return 0;
}
