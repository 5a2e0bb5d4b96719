// SPDX-License-Identifier: Apache-2.0
// Parses chat command lines into Command values; every failure is a message for the sender.
#include "bot/commands/command.hpp"

#include "base/safe_text.hpp"
#include "base/say.hpp"
#include "bot/commands/aliases.hpp"
#include "bot/commands/help.hpp"

#include <date/date.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <sstream>
#include <utility>
#include <vector>

namespace sb::commands {
namespace {

constexpr std::size_t max_shown_bytes = 40;
constexpr std::size_t max_name_bytes = 100;
constexpr int max_days = 366;
constexpr Seconds max_snooze = std::chrono::hours{24 * 366};
constexpr int min_year = 1970;
constexpr int max_year = 2999;

std::string ascii_lower(std::string_view text);

// A typed word as the tables spell it: lower case, also the German capitals Ä, Ö and Ü, so
// "Übernehmen" at the start of a sentence still means claim.
std::string word_lower(std::string_view text) {
    auto out = ascii_lower(text);
    for (auto [upper, lower] :
         {std::pair<std::string_view, std::string_view>{"\xC3\x84", "\xC3\xA4"},
          {"\xC3\x96", "\xC3\xB6"},
          {"\xC3\x9C", "\xC3\xBC"}})
        for (auto at = out.find(upper); at != std::string::npos; at = out.find(upper, at))
            out.replace(at, upper.size(), lower);
    return out;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && ascii_lower(a) == b;
}

// A token quoted for a reply; long ones are cut on a character boundary so the reply stays short
// and valid UTF-8.
std::string quoted(std::string_view token) {
    if (token.size() <= max_shown_bytes)
        return "'" + std::string(token) + "'";
    return "'" + std::string(utf8_prefix(token, max_shown_bytes)) + "…'";
}

bool has_control_character(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7F;
    });
}

// The width of the whitespace at the start of text: ASCII blanks, and the no-break space that
// chat clients insert after a mention.
std::size_t space_width(std::string_view text) {
    if (text.empty())
        return 0;
    char c = text.front();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
        return 1;
    if (text.starts_with("\xC2\xA0"))
        return 2;
    return 0;
}

// Walks a command line token by token, and can hand over the untouched rest for free text.
class Cursor {
public:
    Cursor(std::string_view text, Language language) : m_text(text), m_language(language) {
        skip_space();
    }

    // The sender's, for the errors about this line.
    Language language() const { return m_language; }

    bool at_end() const { return m_at >= m_text.size(); }

    std::string_view peek() const {
        std::size_t end = m_at;
        while (end < m_text.size() && space_width(m_text.substr(end)) == 0)
            ++end;
        return m_text.substr(m_at, end - m_at);
    }

    std::string_view next() {
        auto token = peek();
        m_at += token.size();
        skip_space();
        return token;
    }

    // The rest of the line with its inner spacing and line breaks kept, trimmed at both ends.
    std::string_view rest() {
        auto remaining = m_text.substr(std::min(m_at, m_text.size()));
        m_at = m_text.size();
        while (!remaining.empty()) {
            if (remaining.back() == ' ' || remaining.back() == '\t' || remaining.back() == '\n' ||
                remaining.back() == '\r' || remaining.back() == '\v' || remaining.back() == '\f')
                remaining.remove_suffix(1);
            else if (remaining.ends_with("\xC2\xA0"))
                remaining.remove_suffix(2);
            else
                break;
        }
        return remaining;
    }

private:
    void skip_space() {
        while (m_at < m_text.size()) {
            auto width = space_width(m_text.substr(m_at));
            if (width == 0)
                break;
            m_at += width;
        }
    }

    std::string_view m_text;
    std::size_t m_at = 0;
    Language m_language;
};

Error invalid(std::string message) {
    return make_error(ErrorCode::invalid_argument, std::move(message));
}

// "usage: …, e.g. …", after the specific problem when there is one. form picks one row of a verb
// with several ("request" for "swap request"); without it every form is listed.
Error usage_error(Language language, std::string_view verb, std::string_view problem = {},
                  std::string_view form = {}) {
    std::string usages;
    std::string_view example;
    for (auto const& row : command_table()) {
        if (row.verb != verb)
            continue;
        if (!form.empty()) {
            auto after_verb = row.usage.substr(std::min(row.usage.size(), verb.size() + 1));
            if (!after_verb.starts_with(form))
                continue;
        }
        if (!usages.empty())
            usages += words(language, " or ");
        usages += row.usage;
        if (example.empty())
            example = row.example;
    }
    if (problem.empty())
        return invalid(say(language, "usage: {0}, e.g. {1}", usages, example));
    return invalid(say(language, "{0}; usage: {1}, e.g. {2}", problem, usages, example));
}

Result<void> expect_end(Cursor& cursor, std::string_view verb, std::string_view form = {}) {
    if (cursor.at_end())
        return {};
    return usage_error(cursor.language(), verb,
                       say(cursor.language(), "unexpected {0}", quoted(cursor.peek())), form);
}

bool is_id_like(std::string_view token) {
    if (token.starts_with('#'))
        token.remove_prefix(1);
    return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

// "42" or "#42", from 1 up to the largest id the store can hold.
Result<std::int64_t> parse_id(Language language, std::string_view token, std::string_view what,
                              std::string_view verb, std::string_view form = {}) {
    if (!is_id_like(token))
        return usage_error(language, verb,
                           say(language, "{0} is not " + std::string(what), quoted(token)), form);
    auto digits = token.starts_with('#') ? token.substr(1) : token;
    std::int64_t value = 0;
    for (char c : digits) {
        int digit = c - '0';
        if (value > (std::numeric_limits<std::int64_t>::max() - digit) / 10)
            return usage_error(
                language, verb,
                say(language, "{0} is too large for " + std::string(what), quoted(token)), form);
        value = value * 10 + digit;
    }
    if (value == 0)
        return usage_error(language, verb, say(language, "ids start at 1, not {0}", quoted(token)),
                           form);
    return value;
}

// An item id when the next token is one; an explicit nullopt when the sender left it out.
Result<std::optional<ItemId>> optional_item_id(Cursor& cursor, std::string_view verb) {
    if (!is_id_like(cursor.peek()))
        return std::optional<ItemId>{};
    auto id = SB_TRY(parse_id(cursor.language(), cursor.next(), "an item id", verb));
    return std::optional<ItemId>{id};
}

// "@alice", "alice", a Matrix "@alice:example.org", or Slack's "<@U123>" and "<@U123|alice>".
Result<std::string> parse_person(Cursor& cursor, std::string_view verb,
                                 std::string_view form = {}) {
    if (cursor.at_end())
        return usage_error(cursor.language(), verb, {}, form);
    auto token = cursor.next();
    auto name = token;
    if (name.starts_with("<@") && name.ends_with('>')) {
        name = name.substr(2, name.size() - 3);
        name = name.substr(0, name.find('|'));
    } else if (name.starts_with('@')) {
        name.remove_prefix(1);
    }
    if (name.empty() || name.size() > max_name_bytes ||
        name.find_first_of("<>@") != std::string_view::npos || is_id_like(name))
        return usage_error(cursor.language(), verb,
                           say(cursor.language(), "{0} is not a person", quoted(token)), form);
    return std::string(name);
}

// A team, layer or label: one word of reasonable length.
Result<std::string> parse_name(Language language, std::string_view token, std::string_view what,
                               std::string_view verb, std::string_view form = {}) {
    if (token.size() > max_name_bytes)
        return usage_error(language, verb,
                           say(language, "{0} is too long for " + std::string(what), quoted(token)),
                           form);
    return std::string(token);
}

// "14" or "14d".
Result<int> parse_days(Language language, std::string_view token, std::string_view verb) {
    auto digits = token;
    if (digits.ends_with('d') || digits.ends_with('D'))
        digits.remove_suffix(1);
    auto problem =
        say(language, "{0} is not a number of days from 1 to {1}", quoted(token), max_days);
    if (digits.empty() || digits.size() > 4 ||
        !std::all_of(digits.begin(), digits.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }))
        return usage_error(language, verb, problem);
    int days = std::stoi(std::string(digits));
    if (days < 1 || days > max_days)
        return usage_error(language, verb, problem);
    return days;
}

bool looks_like_time(std::string_view token) {
    return token.size() >= 5 &&
           std::all_of(token.begin(), token.begin() + 4,
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) &&
           token[4] == '-';
}

// The hours of a numeric UTC offset ("+01:00", "-0530") after the time of day, if there is one.
std::optional<int> offset_hours(std::string_view instant_part) {
    auto time_of_day = instant_part.find_first_of("Tt");
    if (time_of_day == std::string_view::npos)
        return std::nullopt;
    auto sign = instant_part.find_first_of("+-", time_of_day);
    if (sign == std::string_view::npos || sign + 3 > instant_part.size())
        return std::nullopt;
    auto tens = instant_part[sign + 1];
    auto ones = instant_part[sign + 2];
    if (!std::isdigit(static_cast<unsigned char>(tens)) ||
        !std::isdigit(static_cast<unsigned char>(ones)))
        return std::nullopt;
    return (tens - '0') * 10 + (ones - '0');
}

// The time in the one spelling handed to parse_instant: "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:SS"
// followed by nothing, "Z" or "+HH:MM". Seconds are always written out because date/tz's "%T"
// reads them into an uninitialised variable when they are missing, which is undefined behaviour.
std::optional<std::string> canonical_time(std::string_view text) {
    auto digits = [&](std::size_t at, std::size_t count) {
        return at + count <= text.size() &&
               std::all_of(text.begin() + static_cast<std::ptrdiff_t>(at),
                           text.begin() + static_cast<std::ptrdiff_t>(at + count),
                           [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    };
    if (!(digits(0, 4) && text.size() >= 10 && text[4] == '-' && digits(5, 2) && text[7] == '-' &&
          digits(8, 2)))
        return std::nullopt;
    std::string out(text.substr(0, 10));
    std::size_t at = 10;
    if (at == text.size())
        return out;
    if ((text[at] != 'T' && text[at] != 't') || !digits(at + 1, 2) || at + 3 >= text.size() ||
        text[at + 3] != ':' || !digits(at + 4, 2))
        return std::nullopt;
    out += 'T';
    out += text.substr(at + 1, 5);
    at += 6;
    if (at < text.size() && text[at] == ':') {
        if (!digits(at + 1, 2))
            return std::nullopt;
        out += text.substr(at, 3);
        at += 3;
    } else {
        out += ":00";
    }
    if (at == text.size())
        return out;
    if ((text[at] == 'Z' || text[at] == 'z') && at + 1 == text.size())
        return out + 'Z';
    if ((text[at] == '+' || text[at] == '-') && digits(at + 1, 2)) {
        auto hours = text.substr(at, 3);
        at += 3;
        if (at < text.size() && text[at] == ':')
            ++at;
        if (digits(at, 2) && at + 2 == text.size())
            return out + std::string(hours) + ':' + std::string(text.substr(at, 2));
    }
    return std::nullopt;
}

Result<TimeArgument> make_time_argument(Language language, std::string const& typed) {
    auto not_a_time = [&] {
        return invalid(say(language,
                           "{0} is not a time; use ISO 8601, e.g. 2026-12-24T19:30+01:00 or "
                           "2026-12-24",
                           quoted(typed)));
    };
    auto space = typed.find(' ');
    auto instant_part = std::string_view(typed).substr(0, space);
    auto canonical = canonical_time(instant_part);
    if (!canonical)
        return not_a_time();
    // The zones of the world lie within 14 hours of UTC; more is a typo.
    if (auto hours = offset_hours(instant_part); hours && *hours > 14)
        return invalid(
            say(language, "the offset in {0} is more than 14 hours from UTC", quoted(typed)));
    TimeArgument argument;
    argument.date_only = canonical->size() == 10;
    if (space != std::string::npos) {
        auto zone = std::string_view(typed).substr(space + 1);
        if (!is_known_zone(zone))
            return invalid(say(language,
                               "unknown time zone {0}; use an IANA name such as Europe/Berlin",
                               quoted(zone)));
        // An offset and a zone name at once would contradict each other.
        if (canonical->back() == 'Z' || canonical->find_first_of("+-", 10) != std::string::npos)
            return not_a_time();
        *canonical += ' ';
        *canonical += zone;
    }
    auto as_utc = parse_instant(*canonical, "UTC");
    if (!as_utc)
        return not_a_time();
    // Bounded years keep every later step (the day after an end date, a zone lookup) in range.
    auto year = date::year_month_day{date::floor<date::days>(*as_utc)}.year();
    if (year < date::year{min_year} || year > date::year{max_year})
        return invalid(say(language, "{0} is out of range; use a year from {1} to {2}",
                           quoted(typed), min_year, max_year));
    if (auto absolute = parse_instant(*canonical))
        argument.absolute = *absolute;
    argument.text = std::move(*canonical);
    return argument;
}

// A time, and the zone name after it when the sender wrote one ("2026-12-24T19:30 Europe/Berlin").
Result<TimeArgument> parse_time(Cursor& cursor, std::string_view verb, std::string_view form = {}) {
    if (cursor.at_end())
        return usage_error(cursor.language(), verb, {}, form);
    std::string text(cursor.next());
    auto following = cursor.peek();
    // Only a time without its own offset can take a zone, and a word with a slash can only be
    // meant as one; other words after a time are the next argument (a layer, say).
    auto canonical = canonical_time(text);
    bool has_offset =
        canonical && canonical->size() > 10 &&
        (canonical->back() == 'Z' || canonical->find_first_of("+-", 10) != std::string::npos);
    if (!following.empty() && !has_offset &&
        (following.find('/') != std::string_view::npos ||
         (following.size() <= max_shown_bytes && is_known_zone(following)))) {
        text += ' ';
        text += cursor.next();
    }
    auto argument = make_time_argument(cursor.language(), text);
    if (!argument)
        return usage_error(cursor.language(), verb, argument.error().message, form);
    return argument;
}

// A span must end after it starts. Two times of the same kind can be compared without knowing
// the team's zone; a mix of absolute and wall times is left for the core to check.
Result<void> check_order(Language language, TimeArgument const& from, TimeArgument const& to,
                         std::string_view verb) {
    if (from.absolute.has_value() != to.absolute.has_value())
        return {};
    auto start = from.resolve("UTC");
    auto end = to.resolve_end("UTC");
    if (start && end && *end <= *start)
        return usage_error(language, verb,
                           say(language, "the end {0} is not after the start {1}", quoted(to.text),
                               quoted(from.text)));
    return {};
}

Result<Command> parse_item_verb(std::string_view verb, Cursor& cursor) {
    if (verb == Claim::verb || verb == Release::verb) {
        auto id = SB_TRY(optional_item_id(cursor, verb));
        if (!cursor.at_end())
            return usage_error(
                cursor.language(), verb,
                say(cursor.language(), "{0} is not an item id", quoted(cursor.peek())));
        if (verb == Claim::verb)
            return Command{Claim{id}};
        return Command{Release{id}};
    }
    if (verb == Resolve::verb) {
        auto id = SB_TRY(optional_item_id(cursor, verb));
        return Command{Resolve{id, std::string(cursor.rest())}};
    }
    if (verb == Dismiss::verb) {
        auto id = SB_TRY(optional_item_id(cursor, verb));
        return Command{Dismiss{id, std::string(cursor.rest())}};
    }
    if (verb == Note::verb) {
        auto id = SB_TRY(optional_item_id(cursor, verb));
        auto text = cursor.rest();
        if (text.empty())
            return usage_error(cursor.language(), verb);
        return Command{Note{id, std::string(text)}};
    }
    if (verb == Handoff::verb) {
        auto id = SB_TRY(optional_item_id(cursor, verb));
        auto person = SB_TRY(parse_person(cursor, verb));
        SB_TRY(expect_end(cursor, verb));
        return Command{Handoff{id, std::move(person)}};
    }
    if (verb == Snooze::verb) {
        auto id = SB_TRY(optional_item_id(cursor, verb));
        if (cursor.at_end())
            return usage_error(cursor.language(), verb);
        if (equals_ignoring_case(cursor.peek(), "until")) {
            cursor.next();
            auto until = SB_TRY(parse_time(cursor, verb));
            SB_TRY(expect_end(cursor, verb));
            return Command{Snooze{id, std::move(until)}};
        }
        if (equals_ignoring_case(cursor.peek(), "for"))
            cursor.next();
        // "1h 30m" reads as well as "1h30m".
        std::string text;
        while (!cursor.at_end())
            text += cursor.next();
        if (text.empty())
            return usage_error(cursor.language(), verb);
        auto duration = parse_duration(text);
        if (!duration)
            return usage_error(
                cursor.language(), verb,
                say(cursor.language(), "{0} is not a duration or 'until TIME'", quoted(text)));
        if (duration->count() <= 0)
            return usage_error(
                cursor.language(), verb,
                say(cursor.language(), "a snooze must last longer than {0}", quoted(text)));
        if (*duration > max_snooze)
            return usage_error(cursor.language(), verb,
                               say(cursor.language(), "{0} is longer than a year", quoted(text)));
        return Command{Snooze{id, *duration}};
    }
    if (verb == ListItems::verb) {
        SB_TRY(expect_end(cursor, verb));
        return Command{ListItems{}};
    }
    if (verb == ShowItem::verb) {
        if (cursor.at_end())
            return usage_error(cursor.language(), verb);
        auto id = SB_TRY(parse_id(cursor.language(), cursor.next(), "an item id", verb));
        SB_TRY(expect_end(cursor, verb));
        return Command{ShowItem{id}};
    }
    return invalid("unknown command " + quoted(verb));
}

Result<Command> parse_rota_verb(std::string_view verb, Cursor& cursor) {
    if (verb == Who::verb) {
        std::optional<std::string> team;
        if (!cursor.at_end())
            team = SB_TRY(parse_name(cursor.language(), cursor.next(), "a team", verb));
        SB_TRY(expect_end(cursor, verb));
        return Command{Who{std::move(team)}};
    }
    if (verb == OnCall::verb) {
        OnCall command;
        // "now" is what a missing time means; without this it would be taken for a team.
        auto is_now = [&] { return equals_ignoring_case(cursor.peek(), "now"); };
        if (!cursor.at_end() && !looks_like_time(cursor.peek()) && !is_now())
            command.team = SB_TRY(parse_name(cursor.language(), cursor.next(), "a team", verb));
        if (!cursor.at_end() && is_now())
            cursor.next();
        else if (!cursor.at_end())
            command.at = SB_TRY(parse_time(cursor, verb));
        SB_TRY(expect_end(cursor, verb));
        return Command{std::move(command)};
    }
    if (verb == Rota::verb) {
        Rota command;
        if (!cursor.at_end() && !std::isdigit(static_cast<unsigned char>(cursor.peek().front())))
            command.team = SB_TRY(parse_name(cursor.language(), cursor.next(), "a team", verb));
        if (!cursor.at_end())
            command.days = SB_TRY(parse_days(cursor.language(), cursor.next(), verb));
        SB_TRY(expect_end(cursor, verb));
        return Command{std::move(command)};
    }
    if (verb == Gaps::verb) {
        Gaps command;
        if (!cursor.at_end())
            command.days = SB_TRY(parse_days(cursor.language(), cursor.next(), verb));
        SB_TRY(expect_end(cursor, verb));
        return Command{command};
    }
    if (verb == Absent::verb) {
        Absent command;
        command.person = SB_TRY(parse_person(cursor, verb));
        if (cursor.at_end())
            return usage_error(cursor.language(), verb);
        auto kind = word_lower(cursor.next());
        if (auto alias = absence_kind_for_alias(kind))
            kind = std::string(*alias);
        if (auto known = schedules::absence_kind_from(kind))
            command.kind = *known;
        else
            return usage_error(cursor.language(), verb,
                               say(cursor.language(), "'{0}' is not sick, vacation or other",
                                   kind.substr(0, max_shown_bytes)));
        command.from = SB_TRY(parse_time(cursor, verb));
        if (!cursor.at_end()) {
            command.to = SB_TRY(parse_time(cursor, verb));
            SB_TRY(check_order(cursor.language(), command.from, *command.to, verb));
        }
        SB_TRY(expect_end(cursor, verb));
        return Command{std::move(command)};
    }
    if (verb == Back::verb) {
        auto person = SB_TRY(parse_person(cursor, verb));
        SB_TRY(expect_end(cursor, verb));
        return Command{Back{std::move(person)}};
    }
    if (verb == Override::verb) {
        Override command;
        command.person = SB_TRY(parse_person(cursor, verb));
        command.from = SB_TRY(parse_time(cursor, verb));
        command.to = SB_TRY(parse_time(cursor, verb));
        SB_TRY(check_order(cursor.language(), command.from, command.to, verb));
        if (!cursor.at_end())
            command.layer = SB_TRY(parse_name(cursor.language(), cursor.next(), "a layer", verb));
        SB_TRY(expect_end(cursor, verb));
        return Command{std::move(command)};
    }
    if (verb == SwapRequest::verb) {
        if (cursor.at_end())
            return usage_error(cursor.language(), verb);
        auto action_token = cursor.next();
        auto action = ascii_lower(action_token);
        if (action == "request") {
            auto person = SB_TRY(parse_person(cursor, verb, action));
            auto shift = SB_TRY(parse_time(cursor, verb, action));
            SB_TRY(expect_end(cursor, verb, action));
            return Command{SwapRequest{std::move(person), std::move(shift)}};
        }
        if (action == "accept" || action == "decline") {
            if (cursor.at_end())
                return usage_error(cursor.language(), verb, {}, "accept");
            auto id = SB_TRY(
                parse_id(cursor.language(), cursor.next(), "a swap request id", verb, "accept"));
            SB_TRY(expect_end(cursor, verb, "accept"));
            if (action == "accept")
                return Command{SwapAccept{id}};
            return Command{SwapDecline{id}};
        }
        return usage_error(
            cursor.language(), verb,
            say(cursor.language(), "{0} is not request, accept or decline", quoted(action_token)));
    }
    return invalid("unknown command " + quoted(verb));
}

Result<Command> parse_other_verb(std::string_view verb, Cursor& cursor) {
    if (verb == Help::verb) {
        if (cursor.at_end())
            return Command{Help{}};
        auto topic = ascii_lower(cursor.next());
        // Senders often repeat the prefix: "help !claim".
        if (topic.size() > 1 && (topic.front() == '!' || topic.front() == '/'))
            topic.erase(0, 1);
        auto rows = command_table();
        bool known = std::any_of(rows.begin(), rows.end(),
                                 [&](CommandHelp const& row) { return row.verb == topic; });
        if (!known)
            return invalid(help_text(topic, cursor.language()));
        // "help swap request" asks about the same verb as "help swap"; the form is ignored.
        return Command{Help{std::move(topic)}};
    }
    if (verb == Web::verb || verb == TestPage::verb) {
        SB_TRY(expect_end(cursor, verb));
        if (verb == Web::verb)
            return Command{Web{}};
        return Command{TestPage{}};
    }
    if (verb == TokenCreate::verb) {
        if (cursor.at_end())
            return usage_error(cursor.language(), verb);
        auto action_token = cursor.next();
        auto action = ascii_lower(action_token);
        if (action != "create" && action != "revoke")
            return usage_error(
                cursor.language(), verb,
                say(cursor.language(), "{0} is not create or revoke", quoted(action_token)));
        std::optional<std::string> label;
        if (!cursor.at_end())
            label = SB_TRY(parse_name(cursor.language(), cursor.next(), "a label", verb, action));
        SB_TRY(expect_end(cursor, verb, action));
        if (action == "create")
            return Command{TokenCreate{std::move(label)}};
        return Command{TokenRevoke{std::move(label)}};
    }
    return invalid("unknown command " + quoted(verb));
}

} // namespace

Result<Instant> TimeArgument::resolve(std::string_view zone, Language language) const {
    if (absolute)
        return *absolute;
    if (!zone.empty() && !is_known_zone(zone))
        return invalid(say(language,
                           "unknown time zone {0}; use an IANA name such as Europe/Berlin",
                           quoted(std::string(zone))));
    auto at = parse_instant(text, zone);
    if (!at)
        return invalid(say(language,
                           "{0} is not a time; use ISO 8601, e.g. 2026-12-24T19:30+01:00 or "
                           "2026-12-24",
                           quoted(text)));
    return at;
}

Result<Instant> TimeArgument::resolve_end(std::string_view zone, Language language) const {
    if (!date_only)
        return resolve(zone, language);
    auto space = text.find(' ');
    std::istringstream in(text.substr(0, space));
    date::sys_days day;
    in >> date::parse("%F", day);
    if (in.fail())
        return invalid(say(language, "{0} is not a date", quoted(text)));
    TimeArgument next_day;
    next_day.text = date::format("%F", day + date::days{1});
    if (space != std::string::npos)
        next_day.text += text.substr(space);
    return next_day.resolve(zone, language);
}

Result<Instant> Snooze::wake_time(Instant now, std::string_view zone, Language language) const {
    if (auto const* duration = std::get_if<Seconds>(&span))
        return now + *duration;
    auto const& until = std::get<TimeArgument>(span);
    auto at = SB_TRY(until.resolve(zone, language));
    if (at <= now)
        return invalid(
            say(language, "{0} has already passed; snooze until a later time", quoted(until.text)));
    return at;
}

Result<Command> parse_command(std::string_view text, Language language) {
    if (text.size() > max_command_bytes)
        return unexpected(ErrorCode::too_large,
                          say(language, "the command is {0} bytes long; the limit is {1}",
                              text.size(), max_command_bytes));
    if (!is_valid_utf8(text))
        return invalid(say(language, "the command is not valid UTF-8 text"));
    if (has_control_character(text))
        return invalid(say(language, "the command contains a control character"));

    Cursor cursor(text, language);
    if (cursor.at_end())
        return invalid(say(language, "no command given. Type 'help' for the list."));
    auto verb_token = cursor.next();
    auto verb = word_lower(verb_token);
    if (auto alias = verb_for_alias(verb))
        verb = std::string(*alias);
    auto rows = command_table();
    auto row = std::find_if(rows.begin(), rows.end(),
                            [&](CommandHelp const& candidate) { return candidate.verb == verb; });
    if (row == rows.end()) {
        if (auto suggestion = closest_verb(verb))
            return invalid(say(language,
                               "unknown command {0}; did you mean '{1}'? Type 'help' for the list.",
                               quoted(verb_token), *suggestion));
        return invalid(
            say(language, "unknown command {0}. Type 'help' for the list.", quoted(verb_token)));
    }
    switch (row->group) {
    case CommandGroup::items:
        return parse_item_verb(row->verb, cursor);
    case CommandGroup::rota:
        return parse_rota_verb(row->verb, cursor);
    case CommandGroup::other:
        return parse_other_verb(row->verb, cursor);
    }
    return invalid("unknown command " + quoted(verb_token));
}

std::string_view verb_of(Command const& command) {
    return std::visit([](auto const& alternative) { return alternative.verb; }, command);
}

} // namespace sb::commands
