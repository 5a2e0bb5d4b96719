// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the chat command grammar: any bytes in, a Command or a one-line error out.
#include "base/safe_text.hpp"
#include "bot/commands/command.hpp"
#include "bot/commands/help.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using namespace sb::commands;

void check(bool holds) {
    if (!holds)
        __builtin_trap();
}

void check_time(TimeArgument const& time) {
    // A time the grammar accepted must be placeable in any zone, as a start and as an end.
    check(time.resolve("Europe/Berlin").has_value());
    check(time.resolve_end("America/New_York").has_value());
}

void check_command(Command const& command) {
    check(!help_text(verb_of(command)).starts_with("There is no command"));
    std::visit(Overloaded{
                   [](Snooze const& snooze) {
                       if (auto const* until = std::get_if<TimeArgument>(&snooze.span))
                           check_time(*until);
                       else
                           check(std::get<sb::Seconds>(snooze.span).count() > 0);
                   },
                   [](OnCall const& on_call) {
                       if (on_call.at)
                           check_time(*on_call.at);
                   },
                   [](Absent const& absent) {
                       check_time(absent.from);
                       if (absent.to)
                           check_time(*absent.to);
                   },
                   [](Override const& override_command) {
                       check_time(override_command.from);
                       check_time(override_command.to);
                   },
                   [](SwapRequest const& request) { check_time(request.shift); },
                   [](auto const&) {},
               },
               command);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view text(reinterpret_cast<char const*>(data), size);
    auto result = parse_command(text);
    if (result.has_value()) {
        check_command(*result);
    } else {
        auto const& message = result.error().message;
        check(!message.empty());
        check(message.find('\n') == std::string::npos);
        // Replies go back to chat services that reject broken UTF-8.
        check(sb::is_valid_utf8(message));
    }
    // Help and suggestions take the sender's words too.
    auto help = help_text(text);
    check(!help.empty());
    (void)closest_verb(text);
    return 0;
}
