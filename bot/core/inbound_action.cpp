// SPDX-License-Identifier: Apache-2.0
// Each verb a card offers maps to its command struct here; the values are strangers' input.
#include "bot/core/inbound_action.hpp"

#include "base/safe_text.hpp"
#include "base/time.hpp"

namespace sb {
namespace {

using namespace sb::commands;

Result<void> check_value(InboundAction const& action, std::string const& value) {
    if (value.size() > max_action_value_bytes)
        return unexpected(ErrorCode::invalid_argument,
                          "the '" + action.verb + "' button from " + action.origin.adapter +
                              " carries a value of " + std::to_string(value.size()) +
                              " bytes; at most " + std::to_string(max_action_value_bytes) +
                              " are taken");
    if (!is_valid_utf8(value))
        return unexpected(ErrorCode::invalid_argument, "the '" + action.verb + "' button from " +
                                                           action.origin.adapter +
                                                           " carries a value that is not UTF-8");
    return {};
}

} // namespace

Result<Command> command_from_action(InboundAction const& action) {
    for (auto const& value : action.args)
        if (auto checked = check_value(action, value); !checked)
            return unexpected(checked.error());
    if (auto checked = check_value(action, action.verb); !checked)
        return unexpected(checked.error());
    if (action.verb == "claim")
        return Command{Claim{action.item}};
    if (action.verb == "resolve")
        return Command{Resolve{action.item, {}}};
    if (action.verb == "dismiss")
        return Command{Dismiss{action.item, {}}};
    if (action.verb == "snooze") {
        Snooze snooze;
        snooze.id = action.item;
        auto span = parse_duration(action.args.empty() ? std::string("1h") : action.args[0]);
        if (!span)
            return unexpected(
                ErrorCode::invalid_argument,
                "the snooze button from " + action.origin.adapter +
                    " carries no duration switchboard knows: " + span.error().message);
        snooze.span = *span;
        return Command{snooze};
    }
    return unexpected(ErrorCode::invalid_argument,
                      "a button or reaction asked for '" +
                          std::string(utf8_prefix(action.verb, 40)) +
                          "', which is not an action on a card (claim, resolve, snooze, dismiss)");
}

} // namespace sb
