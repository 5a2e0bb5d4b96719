// SPDX-License-Identifier: Apache-2.0
// The validated configuration as plain values: what the loader produces and the daemon reads.
#pragma once

#include "base/language.hpp"

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sb::config {

// A secret is never written in the config; it names where to read it from.
struct SecretRef {
    std::string env;  // environment variable name, or empty
    std::string file; // path (relative to the config file's folder), or empty
};

struct PersonChat {
    std::string adapter; // "console", "slack", "matrix"
    std::string address; // the person's id there
};

struct PushContact {
    std::string type;    // "ntfy", "pushover", "webhook"
    std::string address; // topic, user key or URL
    std::chrono::seconds delay{0};
};

enum class Role { member, manager };

// Local times in the person's own timezone when only urgent pages may wake them.
struct QuietHours {
    std::chrono::minutes start{0}; // since local midnight
    std::chrono::minutes end{0};   // end <= start: the span crosses midnight
};

struct Person {
    std::string id;
    std::string name;
    std::string timezone;
    Role role = Role::member;
    std::string email;
    std::string absences_ical; // .ics file of this person's absences (an HR calendar), or empty
    std::vector<PersonChat> chat;
    std::vector<PushContact> push; // in order; each after its delay
    std::optional<QuietHours> quiet_hours;
};

// Minutes since local midnight, 0..1440.
using LocalTime = std::chrono::minutes;

struct WeeklyHours {
    std::vector<unsigned> days; // 0 = Sunday … 6 = Saturday, as std::chrono::weekday
    LocalTime start{0};
    LocalTime end{0}; // end <= start: the span crosses midnight
};

struct CoverageWindow {
    std::string name;
    std::vector<unsigned> days; // weekdays it applies on (when not a public holiday)
    bool holidays = false;      // applies on public holidays (instead of the weekday rule)
    LocalTime start{0};
    LocalTime end{0}; // end <= start: the window crosses midnight
};

struct Layer {
    std::string name;
    std::vector<std::string> members;  // person ids, in turn order
    std::string shift_unit = "weeks";  // "hours", "days", "weeks" or "spans"
    int shift_length = 1;              // how many units one turn lasts
    unsigned handoff_day = 1;          // weekday of the handoff (for weeks)
    LocalTime handoff_time{9 * 60};    // local time of the handoff
    std::string start_date;            // YYYY-MM-DD, the first turn begins here
    std::vector<std::string> windows;  // coverage windows the layer covers; empty: all
    std::string substitution = "next"; // "next", "deputy:<person>", "layer:<layer>", "none"
};

struct Team {
    std::string id;
    std::string timezone;
    Language language = Language::en; // of cards, messages, pages and chat replies
    std::string holidays;             // region code such as "DE-BY", or empty
    std::string holidays_ical;        // path or URL of an .ics calendar, or empty
    WeeklyHours business_hours;
    std::vector<CoverageWindow> coverage;
    std::map<std::string, std::string> rooms; // adapter name -> room or channel id
    std::vector<Layer> layers;
    std::string business_hours_policy;
    std::string after_hours_policy;
};

struct EscalationTarget {
    bool room = false;  // post in the team's room
    std::string layer;  // the on-call person of this layer
    std::string person; // one named person
    std::string role;   // everyone with this role in the team ("manager")
};

struct EscalationStep {
    std::chrono::seconds after{0}; // since the item arrived (or paging began)
    std::vector<EscalationTarget> notify;
    std::vector<std::string> via; // "room", "chat_dm", "push"; empty: chat_dm
};

struct EscalationPolicy {
    std::string id;
    std::vector<EscalationStep> steps;
    int repeat = 1;                           // how many times the whole chain runs
    std::optional<EscalationStep> final_step; // after the last repeat, if any
};

struct Source {
    std::string id;
    std::string type; // a source plug-in's type: "webhook", "meta", "mastodon" …
    // The largest request body a source that receives callbacks accepts. Read here rather than by
    // the source's own parser, since the listener is sized from it before any source is built.
    std::size_t max_body_bytes = 1024 * 1024;
    nlohmann::json settings; // the whole object: each type's parser reads its own settings
};

struct RouteMatch {
    std::vector<std::string> keywords; // any, case-insensitive substring
    std::string regex;                 // RE2 syntax, case-insensitive
    std::vector<std::string> sources;
    std::vector<std::string> platforms;
    std::vector<std::string> languages;
    std::vector<std::string> kinds;
    std::vector<std::string> accounts;
    std::optional<int> max_rating;
};

struct RoutingRule {
    RouteMatch match;
    std::string team;     // empty: leaves the team to a later rule
    std::string priority; // empty: leaves the priority
    std::string topic;    // mentions of one topic may be grouped by the burst rule
};

// Many mentions of one post or one topic within the window become one item with a count; from
// the threshold on, that item's priority is raised, so a storm is seen and paged once.
struct BurstRule {
    std::chrono::seconds window{15 * 60};
    int threshold = 5;
    std::string priority = "urgent";
};

struct ChatAdapterConfig {
    std::string type; // "console", "slack", "matrix"
    std::string name; // unique; rooms and people refer to it
    nlohmann::json settings;
    std::string path; // where it is written, "/chat/0"; empty for the default console
};

// Static absences, overrides and swaps written in the config for planning and tests.
struct Absence {
    std::string person;
    std::string kind = "vacation"; // sick, vacation, other
    std::string from;              // ISO 8601 date or time, in the team's or person's zone
    std::string to;
};
struct Override {
    std::string team;
    std::string layer;
    std::string person;
    std::string from;
    std::string to;
};
struct Swap {
    std::string team;
    std::string layer;
    std::string from_person; // gives away the shift
    std::string to_person;   // takes it
    std::string from;
    std::string to;
};

// How phone pages are sent: the services, their secrets, claim links and retries.
struct PagingConfig {
    std::chrono::seconds claim_link_lifetime{std::chrono::hours(2)};
    int attempts = 3; // per page before it hands over to the next method
    std::string ntfy_url = "https://ntfy.sh";
    std::optional<SecretRef> ntfy_token;
    std::string pushover_url = "https://api.pushover.net";
    std::optional<SecretRef> pushover_token;
    std::chrono::seconds pushover_retry{60};    // how often Pushover repeats an emergency page
    std::chrono::seconds pushover_expire{3600}; // and for how long
    std::chrono::seconds receipt_poll{30};      // how often switchboard asks for the receipt
    std::optional<SecretRef> webhook_secret;
    // The section as written: each notifier parses its own part ("ntfy", "pushover", …).
    nlohmann::json settings = nlohmann::json::object();
};

// Limits of the HTTP listener against floods; behind a reverse proxy every client has the
// proxy's address, so there the per-address limit should equal the global one.
struct HttpLimits {
    std::size_t max_connections = 512;
    std::size_t max_connections_per_address = 64;
};

// Who may read /metrics: with a bearer token set, only requests that carry it.
struct MetricsConfig {
    std::optional<SecretRef> bearer_token;
};

struct Config {
    std::string path; // the file it came from
    std::string listen = "127.0.0.1:8080";
    HttpLimits http;
    std::string public_url;
    std::string log_level = "info";
    std::string log_format = "text"; // "text" or "json"
    std::vector<ChatAdapterConfig> chat;
    std::map<std::string, Person> people;
    std::map<std::string, Team> teams;
    std::map<std::string, EscalationPolicy> policies;
    std::map<std::string, Source> sources;
    std::vector<RoutingRule> routing;
    std::optional<BurstRule> burst; // absent: every mention is an item of its own
    std::vector<Absence> absences;
    std::vector<Override> overrides;
    std::vector<Swap> swaps;
    PagingConfig paging;
    MetricsConfig metrics;
};

// One problem in a config file, precise enough to fix without guessing.
struct ConfigError {
    std::string file;
    int line = 0;     // 0 when unknown
    std::string path; // JSON pointer-like: /teams/care/layers/0/members/2
    std::string message;

    std::string to_string() const; // "file:line: /path: message"
};

struct LoadResult {
    std::optional<Config> config; // set only when errors is empty
    std::vector<ConfigError> errors;
    std::vector<ConfigError> warnings; // risky but working settings; they do not stop a start
};

// Reads, parses (comments allowed) and validates; reports every error, not just the first.
LoadResult load_config_file(std::string const& path);
LoadResult load_config_text(std::string const& text, std::string const& path_for_messages);

// Reads a secret from its environment variable or file; nullopt (with a reason) when missing.
// A file path is relative to the config file's folder; one trailing newline is stripped.
std::optional<std::string> read_secret(SecretRef const& ref, std::string const& config_path,
                                       std::string* why_missing = nullptr);

// Reads {"env": "NAME"} or {"file": "path"} from an adapter's settings (the loader has already
// refused anything else); nullopt when value is not such an object.
std::optional<SecretRef> parse_secret_ref(nlohmann::json const& value);

// The keys the loader accepts in one kind of object, named like the schema's "$defs" entry
// ("" is the top level). Exposed so tests keep the schema and the loader in agreement.
struct KeyTable {
    std::string definition;
    std::vector<std::string> keys;
    bool allows_other_keys = false; // adapter settings of their own (chat adapters, sources)
};
std::vector<KeyTable> const& known_key_tables();

} // namespace sb::config
