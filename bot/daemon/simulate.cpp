// SPDX-License-Identifier: Apache-2.0
// Replays mentions and commands in simulated time through the real core and a real SQLite store.
#include "bot/daemon/simulate.hpp"

#include "adapters/chat/console/console_adapter.hpp"
#include "adapters/notifiers/log/log_notifier.hpp"
#include "adapters/sources/webhook/webhook_wire.hpp"
#include "bot/core/engine.hpp"
#include "bot/core/manual_time.hpp"
#include "bot/rota/config_rota.hpp"
#include "bot/store/store.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

namespace sb {
namespace {

struct Event {
    Instant at{};
    int line = 0;
    std::optional<Mention> mention;
    std::string as;
    std::string command;
};

// A private state directory that is removed again, whatever happens.
class TemporaryDirectory {
public:
    TemporaryDirectory() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-sim-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("cannot create a temporary directory for the simulation");
        m_path = pattern;
    }
    ~TemporaryDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    std::filesystem::path const& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

std::string first_zone(config::Config const& config) {
    return config.teams.empty() ? std::string("UTC") : config.teams.begin()->second.timezone;
}

Result<std::vector<Event>> read_events(std::istream& lines, std::string const& zone) {
    std::vector<Event> events;
    std::string text;
    int number = 0;
    while (std::getline(lines, text)) {
        ++number;
        auto first = text.find_first_not_of(" \t\r");
        if (first == std::string::npos || text[first] == '#')
            continue;
        auto where = "line " + std::to_string(number);
        nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
        if (json.is_discarded() || !json.is_object())
            return unexpected(ErrorCode::invalid_argument, "not a JSON object", where);
        Event event;
        event.line = number;
        std::string at_text;
        if (json.contains("at")) {
            if (!json["at"].is_string())
                return unexpected(ErrorCode::invalid_argument, "'at' must be a time", where);
            at_text = json["at"].get<std::string>();
        }
        if (json.contains("command")) {
            if (!json["command"].is_string() || !json.contains("as") || !json["as"].is_string())
                return unexpected(ErrorCode::invalid_argument,
                                  "a command line needs \"command\" and \"as\" strings", where);
            event.command = json["command"].get<std::string>();
            event.as = json["as"].get<std::string>();
            if (at_text.empty())
                return unexpected(ErrorCode::invalid_argument, "a command line needs \"at\"",
                                  where);
        } else {
            auto mention = parse_webhook_mention(text, "simulation");
            if (!mention)
                return unexpected(ErrorCode::invalid_argument, mention.error().message, where);
            event.mention = *mention;
            if (at_text.empty())
                event.at = mention->created_at;
        }
        if (!at_text.empty()) {
            auto at = parse_instant(at_text, zone);
            if (!at)
                return unexpected(ErrorCode::invalid_argument, at.error().message, where);
            event.at = *at;
        }
        events.push_back(std::move(event));
    }
    std::stable_sort(events.begin(), events.end(),
                     [](Event const& a, Event const& b) { return a.at < b.at; });
    return events;
}

std::int64_t percentile(std::vector<std::int64_t> values, double fraction) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

std::string describe(std::vector<std::int64_t> const& values) {
    if (values.empty())
        return "none yet";
    return "median " + format_duration(Seconds{percentile(values, 0.5)}) + ", p90 " +
           format_duration(Seconds{percentile(values, 0.9)}) + " (" +
           std::to_string(values.size()) + " items)";
}

} // namespace

int run_simulation(config::Config const& config, std::istream& lines,
                   SimulationOptions const& options, std::ostream& out) {
    auto zone = first_zone(config);
    auto events = read_events(lines, zone);
    if (!events) {
        std::cerr << "switchboard simulate: " << events.error().to_string() << '\n';
        return 1;
    }
    auto rota = rota::ConfigRota::create(config);
    if (!rota) {
        std::cerr << "switchboard simulate: rota: " << rota.error().to_string() << '\n';
        return 1;
    }
    TemporaryDirectory state;
    Store store((state.path() / "simulation.db").string());
    ManualClock clock(options.from);
    ManualTimers timers(clock);
    // Absences, overrides and swaps given as commands in the replay change the rota at once.
    auto engine = Engine::create({.config = config,
                                  .store = store,
                                  .clock = clock,
                                  .timers = timers,
                                  .rota = *rota,
                                  .editable_rota = &*rota});
    if (!engine) {
        std::cerr << "switchboard simulate: " << engine.error().to_string() << '\n';
        return 1;
    }
    std::ostringstream discarded;
    std::ostream& shown = options.json ? discarded : out;
    std::vector<std::unique_ptr<ConsoleAdapter>> consoles;
    for (auto const& chat : config.chat) {
        ConsoleOptions console_options;
        console_options.name = chat.name;
        console_options.show_time = true;
        console_options.zone = zone;
        consoles.push_back(std::make_unique<ConsoleAdapter>(console_options, shown, clock));
        (*engine)->add_chat(*consoles.back());
    }
    LogNotifier notifier([&](std::string const& line) {
        shown << format_instant(clock.now(), zone) << "  " << line << '\n';
    });
    (*engine)->add_notifier(notifier);
    (*engine)->start();

    shown << "Simulating " << format_instant(options.from, zone) << " to "
          << format_instant(options.to, zone) << " (" << events->size() << " events)\n";
    for (auto const& event : *events) {
        if (event.at < options.from || event.at > options.to)
            continue;
        timers.advance_to(event.at);
        clock.set(event.at);
        if (event.mention) {
            auto outcome = (*engine)->items().ingest(*event.mention);
            if (!outcome)
                shown << "  line " << event.line << ": " << outcome.error().message << '\n';
        } else {
            ChatOrigin origin;
            origin.adapter = config.chat.empty() ? std::string("console") : config.chat[0].name;
            // The config's type says what the adapter is; its name is free text.
            if (!config.chat.empty())
                origin.via = via_from_string(config.chat[0].type).value_or(Via::console);
            // "as" names a person; their identity on the adapter is what a command carries.
            origin.user =
                (*engine)->context().address_of(event.as, origin.adapter).value_or(event.as);
            auto stamp = format_instant(clock.now(), zone);
            shown << stamp << "  " << event.as << "> " << event.command << '\n';
            auto reply = (*engine)->commands().execute(origin, event.command);
            shown << std::string(stamp.size(), ' ') << "  → " << reply << '\n';
        }
        timers.run_due();
    }
    timers.advance_to(options.to);

    ItemFilter all;
    all.limit = 1'000'000;
    auto claims_read = store.items().claim_durations();
    auto resolves_read = store.items().resolve_durations();
    auto items_read = store.items().list(all);
    for (auto const* error : {claims_read ? nullptr : &claims_read.error(),
                              resolves_read ? nullptr : &resolves_read.error(),
                              items_read ? nullptr : &items_read.error()})
        if (error) {
            std::cerr << "switchboard simulate: " << error->message << '\n';
            return 1;
        }
    auto const& claims = *claims_read;
    auto const& resolves = *resolves_read;
    auto const& items = *items_read;
    if (options.json) {
        nlohmann::json result;
        result["from"] = format_instant(options.from, zone);
        result["to"] = format_instant(options.to, zone);
        result["items"] = nlohmann::json::array();
        for (auto const& item : items) {
            nlohmann::json entry{{"id", item.id},
                                 {"state", to_string(item.state)},
                                 {"priority", to_string(item.priority)},
                                 {"team", item.team},
                                 {"claimed_by", item.claimed_by.empty()
                                                    ? nlohmann::json(nullptr)
                                                    : nlohmann::json(item.claimed_by)},
                                 {"timeline", nlohmann::json::array()}};
            auto timeline = store.items().timeline(item.id);
            if (!timeline) {
                std::cerr << "switchboard simulate: " << timeline.error().message << '\n';
                return 1;
            }
            for (auto const& e : *timeline)
                entry["timeline"].push_back({{"at", format_instant(e.at, zone)},
                                             {"kind", e.kind},
                                             {"actor", e.actor},
                                             {"via", to_string(e.via)},
                                             {"detail", e.detail}});
            result["items"].push_back(std::move(entry));
        }
        result["summary"] = {{"items", items.size()},
                             {"claimed", claims.size()},
                             {"resolved", resolves.size()},
                             {"time_to_claim_median_seconds", percentile(claims, 0.5)},
                             {"time_to_claim_p90_seconds", percentile(claims, 0.9)},
                             {"time_to_resolve_median_seconds", percentile(resolves, 0.5)},
                             {"time_to_resolve_p90_seconds", percentile(resolves, 0.9)},
                             {"pages", store.pages().count()}};
        out << result.dump(2) << '\n';
    } else {
        std::map<std::string, std::vector<std::int64_t>> by_person;
        for (auto const& item : items)
            if (item.claimed_at && !item.claimed_by.empty())
                by_person[item.claimed_by].push_back((*item.claimed_at - item.received_at).count());
        out << "\nSummary: " << items.size() << " items, " << store.pages().count() << " pages\n"
            << "  time to claim:   " << describe(claims) << '\n'
            << "  time to resolve: " << describe(resolves) << '\n';
        for (auto const& [person, values] : by_person)
            out << "  claimed by " << (*engine)->context().display_name(person) << ": "
                << describe(values) << '\n';
        for (auto const& item : items)
            if (is_active(item.state))
                out << "  still " << to_string(item.state) << ": #" << item.id << '\n';
    }
    (*engine)->stop();
    return 0;
}

} // namespace sb
