// SPDX-License-Identifier: Apache-2.0
// Parses and validates the config, collecting every problem with its file, line and path.
#include "base/text.hpp"
#include "base/text_match.hpp"
#include "config/config.hpp"
#include "config/json_positions.hpp"
#include "config/ntfy_topic.hpp"
#include "config/plugin_catalog.hpp"

#include "base/time.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace sb::config {

using nlohmann::json;

std::string ConfigError::to_string() const {
    std::string out = file;
    if (line > 0)
        out += ":" + std::to_string(line);
    out += ": ";
    if (!path.empty())
        out += path + ": ";
    return out + message;
}

std::vector<KeyTable> const& known_key_tables() {
    static std::vector<KeyTable> const tables{
        {"",
         {"$schema", "listen", "http", "public_url", "log", "chat", "people", "teams",
          "escalation_policies", "sources", "routing", "burst", "absences", "overrides", "swaps",
          "paging", "metrics"}},
        {"http", {"max_connections", "max_connections_per_address"}},
        {"metrics", {"bearer_token"}},
        {"burst", {"window", "threshold", "priority"}},
        {"paging", {"claim_link_lifetime", "attempts", "ntfy", "pushover", "webhook", "log"}},
        {"paging_ntfy", {"url", "token"}},
        {"paging_pushover", {"url", "app_token", "retry", "expire", "receipt_poll"}},
        {"paging_webhook", {"secret"}},
        {"paging_log", {}},
        {"quiet_hours", {"start", "end"}},
        {"log", {"level", "format"}},
        {"chat_adapter", {"type", "name"}, true},
        {"person",
         {"name", "timezone", "role", "email", "chat", "push", "quiet_hours", "absences_ical"}},
        {"push_contact", {"type", "address", "delay"}},
        {"team",
         {"timezone", "holidays", "holidays_ical", "business_hours", "coverage", "rooms", "layers",
          "escalation", "language"}},
        {"weekly_hours", {"days", "start", "end"}},
        {"coverage_window", {"name", "days", "holidays", "start", "end"}},
        {"layer", {"name", "members", "shift", "handoff", "start", "windows", "substitution"}},
        {"shift_spans", {"spans"}},
        {"handoff", {"day", "time"}},
        {"substitution", {"deputy", "layer"}},
        {"team_escalation", {"business_hours", "after_hours"}},
        {"policy", {"steps", "repeat", "final"}},
        {"step", {"after", "notify", "via"}},
        {"target", {"room", "layer", "person", "role"}},
        {"source", {"type", "max_body_bytes"}, true},
        {"secret_ref", {"env", "file"}},
        {"routing_rule", {"match", "team", "priority", "topic"}},
        {"match",
         {"keywords", "regex", "sources", "platforms", "languages", "kinds", "accounts",
          "max_rating"}},
        {"absence", {"person", "kind", "from", "to"}},
        {"override", {"team", "layer", "person", "from", "to"}},
        {"swap", {"team", "layer", "from_person", "to_person", "from", "to"}},
    };
    return tables;
}

std::optional<SecretRef> parse_secret_ref(json const& value) {
    if (!value.is_object() || value.size() != 1)
        return std::nullopt;
    if (auto env = value.find("env"); env != value.end() && env->is_string())
        return SecretRef{env->get<std::string>(), {}};
    if (auto file = value.find("file"); file != value.end() && file->is_string())
        return SecretRef{{}, file->get<std::string>()};
    return std::nullopt;
}

std::optional<std::string> read_secret(SecretRef const& ref, std::string const& config_path,
                                       std::string* why_missing) {
    auto missing = [&](std::string why) -> std::optional<std::string> {
        if (why_missing)
            *why_missing = std::move(why);
        return std::nullopt;
    };
    if (!ref.env.empty()) {
        char const* value = std::getenv(ref.env.c_str());
        if (value == nullptr)
            return missing("the environment variable " + ref.env + " is not set");
        if (*value == '\0')
            return missing("the environment variable " + ref.env + " is empty");
        return std::string(value);
    }
    if (!ref.file.empty()) {
        std::filesystem::path file = ref.file;
        if (file.is_relative())
            file = std::filesystem::path(config_path).parent_path() / file;
        std::ifstream in(file, std::ios::binary);
        if (!in)
            return missing("cannot read the secret file " + file.string());
        std::ostringstream content;
        content << in.rdbuf();
        std::string secret = content.str();
        if (!secret.empty() && secret.back() == '\n')
            secret.pop_back();
        if (!secret.empty() && secret.back() == '\r')
            secret.pop_back();
        if (secret.empty())
            return missing("the secret file " + file.string() + " is empty");
        return secret;
    }
    return missing("no secret configured: name {\"env\": \"NAME\"} or {\"file\": \"path\"}");
}

namespace {

enum class Presence { optional, required };

constexpr std::array secret_key_names{"secret",         "token",      "password",
                                      "signing_secret", "app_secret", "access_token"};
constexpr std::array weekday_names{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
constexpr std::array priorities{"low", "normal", "high", "urgent"};
constexpr std::array mention_kinds{"comment", "mention", "dm", "review"};
constexpr std::array chat_types{"console", "slack", "matrix"};
constexpr std::array push_types{"ntfy", "pushover", "webhook", "log"};
constexpr std::array channels{"room", "chat_dm", "push"};
constexpr std::array roles{"member", "manager"};
constexpr std::array absence_kinds{"sick", "vacation", "other"};
constexpr std::array log_levels{"trace", "debug", "info", "warn", "error", "critical", "off"};
constexpr std::array log_formats{"text", "json"};

// Adapters name tokens freely ("bot_token", "app_token"), so endings count as well as names.
bool is_secret_key(std::string_view key) {
    return std::find(secret_key_names.begin(), secret_key_names.end(), key) !=
               secret_key_names.end() ||
           key.ends_with("_token") || key.ends_with("_secret") || key.ends_with("_password");
}

template <std::size_t N>
bool is_one_of(std::string_view value, std::array<char const*, N> const& allowed) {
    return std::find_if(allowed.begin(), allowed.end(),
                        [&](char const* name) { return value == name; }) != allowed.end();
}

template <std::size_t N> std::string list_of(std::array<char const*, N> const& allowed) {
    std::string out;
    for (char const* name : allowed)
        out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

std::string in_quotes(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

std::string kind_of(json const& value) {
    switch (value.type()) {
    case json::value_t::string:
        return "a string";
    case json::value_t::boolean:
        return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
        return "a number";
    case json::value_t::object:
        return "an object";
    case json::value_t::array:
        return "an array";
    case json::value_t::null:
        return "null";
    default:
        return "an unsupported value";
    }
}

std::string closest(std::string_view word, std::vector<std::string> const& candidates) {
    return closest_name(word, candidates);
}

std::string did_you_mean(std::string_view word, std::vector<std::string> const& candidates) {
    std::string guess = closest(word, candidates);
    return guess.empty() ? std::string{} : "; did you mean " + in_quotes(guess) + "?";
}

std::optional<LocalTime> parse_time_of_day(std::string_view text) {
    if (text.size() != 5 || text[2] != ':')
        return std::nullopt;
    for (std::size_t i : {0, 1, 3, 4})
        if (text[i] < '0' || text[i] > '9')
            return std::nullopt;
    int hours = (text[0] - '0') * 10 + (text[1] - '0');
    int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0))
        return std::nullopt;
    return LocalTime{hours * 60 + minutes};
}

bool is_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return false;
    int parts[3] = {0, 0, 0};
    std::size_t part = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        // Only the two dashes already checked separate parts: "2026-1-1-05" is no date.
        if (i == 4 || i == 7) {
            ++part;
            continue;
        }
        char const c = text[i];
        if (c < '0' || c > '9')
            return false;
        parts[part] = parts[part] * 10 + (c - '0');
    }
    using namespace std::chrono;
    return year_month_day{year{parts[0]}, month{static_cast<unsigned>(parts[1])},
                          day{static_cast<unsigned>(parts[2])}}
        .ok();
}

class Loader {
public:
    Loader(std::string file, SourcePositions positions, PluginCatalog const* catalog)
        : m_file(std::move(file)), m_positions(std::move(positions)), m_catalog(catalog) {}

    std::vector<ConfigError> take_errors() { return std::move(m_errors); }
    std::vector<ConfigError> take_warnings() { return std::move(m_warnings); }

    void warning(std::string const& path, std::string message) {
        m_warnings.push_back({m_file, m_positions.line_of(path), path, std::move(message)});
    }

    void error(std::string const& path, std::string message) {
        m_errors.push_back({m_file, m_positions.line_of(path), path, std::move(message)});
    }

    Config load(json const& root) {
        Config config;
        config.path = m_file;
        for (auto const& duplicate : m_positions.duplicates)
            error(duplicate.path, "this key is written twice in the same object (first on line " +
                                      std::to_string(duplicate.first_line) +
                                      "); only the last one would count");
        check_secrets(root, "");
        if (!is_object(root, ""))
            return config;
        check_keys(root, "", "");
        if (auto listen = text(root, "listen", "", Presence::optional)) {
            check_listen(*listen, "/listen");
            config.listen = *listen;
        }
        text(root, "$schema", "", Presence::optional);
        load_http(root, config);
        load_metrics(root, config);
        if (auto url = text(root, "public_url", "", Presence::optional)) {
            if (!url->starts_with("http://") && !url->starts_with("https://"))
                error("/public_url", in_quotes(*url) + " is not an http:// or https:// URL");
            config.public_url = *url;
        }
        if (json const* log = object_member(root, "log", "")) {
            if (auto level = enum_text(*log, "level", "/log", log_levels))
                config.log_level = *level;
            if (auto format = enum_text(*log, "format", "/log", log_formats))
                config.log_format = *format;
        }
        load_chat(root, config);
        load_people(root, config);
        load_policies(root, config);
        load_sources(root, config);
        load_teams(root, config);
        check_policy_layers(config);
        load_routing(root, config);
        load_plans(root, config);
        load_paging(root, config);
        load_burst(root, config);
        check_plugin_settings(config);
        return config;
    }

private:
    // ---- generic readers ------------------------------------------------------------------

    bool expect_type(json const& value, std::string const& path, json::value_t type,
                     std::string const& expected) {
        bool matches = value.type() == type ||
                       (type == json::value_t::number_integer && value.is_number_unsigned());
        if (!matches)
            error(path, "expected " + expected + ", found " + kind_of(value));
        return matches;
    }
    bool is_object(json const& value, std::string const& path) {
        return expect_type(value, path, json::value_t::object, "an object");
    }
    bool is_array(json const& value, std::string const& path) {
        return expect_type(value, path, json::value_t::array, "an array");
    }

    json const* member(json const& object, std::string const& key, std::string const& path,
                       Presence presence) {
        auto found = object.find(key);
        if (found == object.end()) {
            if (presence == Presence::required)
                error(path, "missing required key " + in_quotes(key));
            return nullptr;
        }
        return &*found;
    }

    json const* object_member(json const& object, std::string const& key, std::string const& path,
                              char const* definition = nullptr,
                              Presence presence = Presence::optional) {
        json const* value = member(object, key, path, presence);
        std::string here = path + "/" + pointer_token(key);
        if (!value || !is_object(*value, here))
            return nullptr;
        check_keys(*value, here, definition ? definition : key.c_str());
        return value;
    }

    std::optional<std::string> text(json const& object, std::string const& key,
                                    std::string const& path, Presence presence) {
        json const* value = member(object, key, path, presence);
        if (!value || !expect_type(*value, path + "/" + pointer_token(key), json::value_t::string,
                                   "a string"))
            return std::nullopt;
        auto result = value->get<std::string>();
        if (result.empty() && presence == Presence::required) {
            error(path + "/" + pointer_token(key), "must not be empty");
            return std::nullopt;
        }
        return result;
    }

    template <std::size_t N>
    std::optional<std::string>
    enum_text(json const& object, std::string const& key, std::string const& path,
              std::array<char const*, N> const& allowed, Presence presence = Presence::optional) {
        auto value = text(object, key, path, presence);
        if (value && !check_enum(*value, path + "/" + pointer_token(key), allowed))
            return std::nullopt;
        return value;
    }

    template <std::size_t N>
    bool check_enum(std::string const& value, std::string const& path,
                    std::array<char const*, N> const& allowed) {
        if (is_one_of(value, allowed))
            return true;
        error(path,
              in_quotes(value) + " is not one of " + list_of(allowed) +
                  did_you_mean(value, std::vector<std::string>(allowed.begin(), allowed.end())));
        return false;
    }

    std::optional<long long> integer(json const& object, std::string const& key,
                                     std::string const& path, long long minimum,
                                     long long maximum) {
        json const* value = member(object, key, path, Presence::optional);
        std::string here = path + "/" + pointer_token(key);
        if (!value || !expect_type(*value, here, json::value_t::number_integer, "an integer"))
            return std::nullopt;
        if (value->is_number_unsigned() &&
            value->get<unsigned long long>() > 1'000'000'000'000ULL) {
            error(here, "must be at most " + std::to_string(maximum));
            return std::nullopt;
        }
        long long number = value->get<long long>();
        if (number < minimum || number > maximum) {
            error(here, "must be between " + std::to_string(minimum) + " and " +
                            std::to_string(maximum) + ", found " + std::to_string(number));
            return std::nullopt;
        }
        return number;
    }

    std::optional<bool> boolean(json const& object, std::string const& key,
                                std::string const& path) {
        json const* value = member(object, key, path, Presence::optional);
        if (!value || !expect_type(*value, path + "/" + pointer_token(key), json::value_t::boolean,
                                   "true or false"))
            return std::nullopt;
        return value->get<bool>();
    }

    std::vector<std::string> string_list(json const& object, std::string const& key,
                                         std::string const& path,
                                         Presence presence = Presence::optional) {
        std::vector<std::string> out;
        json const* value = member(object, key, path, presence);
        std::string here = path + "/" + pointer_token(key);
        if (!value || !is_array(*value, here))
            return out;
        if (value->empty() && presence == Presence::required)
            error(here, "must name at least one entry");
        for (std::size_t i = 0; i < value->size(); ++i) {
            std::string element_path = here + "/" + std::to_string(i);
            if (expect_type((*value)[i], element_path, json::value_t::string, "a string"))
                out.push_back((*value)[i].get<std::string>());
        }
        return out;
    }

    std::optional<LocalTime> time_of_day(json const& object, std::string const& key,
                                         std::string const& path, Presence presence) {
        auto value = text(object, key, path, presence);
        if (!value)
            return std::nullopt;
        auto parsed = parse_time_of_day(*value);
        if (!parsed)
            error(path + "/" + pointer_token(key),
                  in_quotes(*value) + " is not a time of day; use HH:MM such as 09:00 or 18:30");
        return parsed;
    }

    std::optional<std::chrono::seconds> duration(json const& object, std::string const& key,
                                                 std::string const& path, Presence presence) {
        auto value = text(object, key, path, presence);
        if (!value)
            return std::nullopt;
        auto parsed = parse_duration(*value);
        if (!parsed) {
            error(path + "/" + pointer_token(key), parsed.error().message);
            return std::nullopt;
        }
        return *parsed;
    }

    std::optional<unsigned> weekday(std::string const& value, std::string const& path) {
        for (unsigned day = 0; day < weekday_names.size(); ++day)
            if (value == weekday_names[day])
                return day;
        error(path, in_quotes(value) +
                        " is not a weekday; use mon, tue, wed, thu, fri, sat or sun" +
                        did_you_mean(value, std::vector<std::string>(weekday_names.begin(),
                                                                     weekday_names.end())));
        return std::nullopt;
    }

    std::vector<unsigned> weekdays(json const& object, std::string const& key,
                                   std::string const& path) {
        std::vector<unsigned> days;
        auto names = string_list(object, key, path);
        for (std::size_t i = 0; i < names.size(); ++i)
            if (auto day = weekday(names[i], path + "/" + key + "/" + std::to_string(i)))
                days.push_back(*day);
        return days;
    }

    std::optional<std::string> date(json const& object, std::string const& key,
                                    std::string const& path, Presence presence) {
        auto value = text(object, key, path, presence);
        if (value && !is_date(*value)) {
            error(path + "/" + pointer_token(key),
                  in_quotes(*value) + " is not a date; use YYYY-MM-DD such as 2026-01-05");
            return std::nullopt;
        }
        return value;
    }

    std::optional<Instant> instant(json const& object, std::string const& key,
                                   std::string const& path, std::string const& zone) {
        auto value = text(object, key, path, Presence::required);
        if (!value)
            return std::nullopt;
        auto parsed = parse_instant(*value, zone.empty() ? "UTC" : zone);
        if (!parsed) {
            error(path + "/" + pointer_token(key),
                  in_quotes(*value) + " is not a date or time; use 2026-12-24, 2026-12-24T18:00 or "
                                      "2026-12-24T18:00+01:00");
            return std::nullopt;
        }
        return *parsed;
    }

    void check_keys(json const& object, std::string const& path, std::string const& definition) {
        auto const& tables = known_key_tables();
        auto table = std::find_if(tables.begin(), tables.end(),
                                  [&](KeyTable const& t) { return t.definition == definition; });
        if (table == tables.end())
            return;
        for (auto const& [key, value] : object.items()) {
            if (std::find(table->keys.begin(), table->keys.end(), key) != table->keys.end())
                continue;
            std::string guess = closest(key, table->keys);
            if (table->allows_other_keys) {
                // Settings of the adapter itself pass; a near miss of a common key is a typo.
                if (!guess.empty() && key.size() > 3)
                    error(path + "/" + pointer_token(key), "unknown key " + in_quotes(key) +
                                                               "; did you mean " +
                                                               in_quotes(guess) + "?");
                continue;
            }
            std::string message = "unknown key " + in_quotes(key);
            if (!guess.empty()) {
                message += "; did you mean " + in_quotes(guess) + "?";
            } else {
                message += "; expected one of ";
                for (std::size_t i = 0; i < table->keys.size(); ++i)
                    message += (i ? ", " : "") + table->keys[i];
            }
            error(path + "/" + pointer_token(key), message);
        }
    }

    void check_listen(std::string const& listen, std::string const& path) {
        auto colon = listen.rfind(':');
        bool valid = colon != std::string::npos && colon > 0 && colon + 1 < listen.size() &&
                     colon + 6 >= listen.size();
        int port = 0;
        for (std::size_t i = colon + 1; valid && i < listen.size(); ++i) {
            valid = listen[i] >= '0' && listen[i] <= '9';
            port = port * 10 + (listen[i] - '0');
        }
        if (!valid || port > 65535)
            error(path, in_quotes(listen) + " is not an address to listen on; use host:port such "
                                            "as 127.0.0.1:8080");
    }

    // Secrets may appear wherever an adapter has settings, so the whole tree is walked once.
    void check_secrets(json const& value, std::string const& path, int depth = 0) {
        // No config nests this deep; the limit keeps hostile input from exhausting the stack.
        if (depth > 32) {
            error(path, "nested too deeply (more than 32 levels)");
            return;
        }
        if (value.is_array()) {
            for (std::size_t i = 0; i < value.size(); ++i)
                check_secrets(value[i], path + "/" + std::to_string(i), depth + 1);
            return;
        }
        if (!value.is_object())
            return;
        bool keys_are_names = is_name_map(path);
        for (auto const& [key, child] : value.items()) {
            std::string here = path + "/" + pointer_token(key);
            if (!keys_are_names && is_secret_key(key)) {
                check_secret_ref(child, here);
                continue;
            }
            check_secrets(child, here, depth + 1);
        }
    }

    // Objects whose keys are names chosen by the user (a person called "token" is no secret).
    static bool is_name_map(std::string const& path) {
        if (path == "/people" || path == "/teams" || path == "/escalation_policies" ||
            path == "/sources")
            return true;
        auto slashes = std::count(path.begin(), path.end(), '/');
        return slashes == 3 && ((path.starts_with("/teams/") && path.ends_with("/rooms")) ||
                                (path.starts_with("/people/") && path.ends_with("/chat")));
    }

    void check_secret_ref(json const& value, std::string const& path) {
        if (value.is_string()) {
            error(path, "secrets must not be written in the config; use {\"env\": \"NAME\"} or "
                        "{\"file\": \"path\"}");
            return;
        }
        if (!value.is_object()) {
            error(path,
                  "expected {\"env\": \"NAME\"} or {\"file\": \"path\"}, found " + kind_of(value));
            return;
        }
        check_keys(value, path, "secret_ref");
        bool has_env = value.contains("env");
        bool has_file = value.contains("file");
        if (has_env == has_file) {
            error(path, "a secret reference names exactly one of \"env\" or \"file\"");
            return;
        }
        std::string key = has_env ? "env" : "file";
        text(value, key, path, Presence::required);
    }

    // ---- sections ---------------------------------------------------------------------------

    void load_chat(json const& root, Config& config) {
        json const* chat = member(root, "chat", "", Presence::optional);
        if (!chat) {
            config.chat.push_back({"console", "console", json::object(), "/chat"});
            m_adapters.insert("console");
            return;
        }
        if (!is_array(*chat, "/chat"))
            return;
        for (std::size_t i = 0; i < chat->size(); ++i) {
            std::string path = "/chat/" + std::to_string(i);
            json const& entry = (*chat)[i];
            if (!is_object(entry, path))
                continue;
            check_keys(entry, path, "chat_adapter");
            auto type = enum_text(entry, "type", path, chat_types, Presence::required);
            auto name = text(entry, "name", path, Presence::optional);
            ChatAdapterConfig adapter;
            adapter.type = type.value_or("");
            adapter.name = name && !name->empty() ? *name : adapter.type;
            adapter.settings = entry;
            adapter.path = path;
            if (adapter.name.empty())
                continue;
            if (!m_adapters.insert(adapter.name).second) {
                error(path + (name ? "/name" : ""),
                      "a chat adapter named " + in_quotes(adapter.name) +
                          " is already configured; give each a distinct \"name\"");
                continue;
            }
            config.chat.push_back(std::move(adapter));
        }
    }

    bool check_adapter(std::string const& adapter, std::string const& path) {
        if (m_adapters.contains(adapter))
            return true;
        std::vector<std::string> names(m_adapters.begin(), m_adapters.end());
        error(path, "no chat adapter named " + in_quotes(adapter) + " is configured in \"chat\"" +
                        did_you_mean(adapter, names));
        return false;
    }

    void check_zone(std::string const& zone, std::string const& path) {
        if (!is_known_zone(zone))
            error(path, in_quotes(zone) +
                            " is not a known IANA timezone; use a name such as Europe/Berlin");
    }

    void load_people(json const& root, Config& config) {
        json const* people = object_member(root, "people", "", "people.map");
        if (!people)
            return;
        for (auto const& [id, entry] : people->items()) {
            std::string path = "/people/" + pointer_token(id);
            if (!is_object(entry, path))
                continue;
            check_keys(entry, path, "person");
            Person person;
            person.id = id;
            person.name = text(entry, "name", path, Presence::required).value_or(id);
            if (auto zone = text(entry, "timezone", path, Presence::optional)) {
                check_zone(*zone, path + "/timezone");
                person.timezone = *zone;
            }
            if (auto role = enum_text(entry, "role", path, roles))
                person.role = *role == "manager" ? Role::manager : Role::member;
            person.email = text(entry, "email", path, Presence::optional).value_or("");
            person.absences_ical =
                text(entry, "absences_ical", path, Presence::optional).value_or("");
            if (json const* chat = object_member(entry, "chat", path, "chat.map")) {
                for (auto const& [adapter, address] : chat->items()) {
                    std::string here = path + "/chat/" + pointer_token(adapter);
                    if (!expect_type(address, here, json::value_t::string, "a string"))
                        continue;
                    if (check_adapter(adapter, here))
                        person.chat.push_back({adapter, address.get<std::string>()});
                }
            }
            if (json const* push = member(entry, "push", path, Presence::optional);
                push && is_array(*push, path + "/push")) {
                for (std::size_t i = 0; i < push->size(); ++i) {
                    std::string here = path + "/push/" + std::to_string(i);
                    json const& contact = (*push)[i];
                    if (!is_object(contact, here))
                        continue;
                    check_keys(contact, here, "push_contact");
                    PushContact out;
                    out.type = enum_text(contact, "type", here, push_types, Presence::required)
                                   .value_or("");
                    out.address = text(contact, "address", here, Presence::required).value_or("");
                    out.delay = duration(contact, "delay", here, Presence::optional)
                                    .value_or(std::chrono::seconds{0});
                    person.push.push_back(std::move(out));
                }
            }
            if (json const* quiet = object_member(entry, "quiet_hours", path)) {
                std::string here = path + "/quiet_hours";
                auto start = time_of_day(*quiet, "start", here, Presence::required);
                auto end = time_of_day(*quiet, "end", here, Presence::required);
                if (start && end) {
                    if (*start == *end)
                        error(here, "start and end are the same time; leave quiet_hours out "
                                    "for none");
                    person.quiet_hours = QuietHours{*start, *end};
                }
            }
            config.people.emplace(id, std::move(person));
        }
    }

    void load_http(json const& root, Config& config) {
        json const* section = object_member(root, "http", "");
        if (!section)
            return;
        auto& limits = config.http;
        if (auto total = integer(*section, "max_connections", "/http", 1, 100'000))
            limits.max_connections = static_cast<std::size_t>(*total);
        if (auto per_address =
                integer(*section, "max_connections_per_address", "/http", 1, 100'000)) {
            limits.max_connections_per_address = static_cast<std::size_t>(*per_address);
            if (limits.max_connections_per_address > limits.max_connections)
                error("/http/max_connections_per_address",
                      "is " + std::to_string(*per_address) + ", more than max_connections (" +
                          std::to_string(limits.max_connections) + "); one address can never " +
                          "hold more than all");
        }
    }

    void load_metrics(json const& root, Config& config) {
        json const* section = object_member(root, "metrics", "");
        if (!section)
            return;
        // The reference's shape is checked with every other secret (check_secrets).
        if (auto token = section->find("bearer_token"); token != section->end())
            config.metrics.bearer_token = parse_secret_ref(*token);
    }

    void load_paging(json const& root, Config& config) {
        auto& paging = config.paging;
        if (json const* section = object_member(root, "paging", "")) {
            std::string const path = "/paging";
            paging.settings = *section;
            // The notifiers' own parsers check the same keys; a report at the same path is kept
            // once (check_plugin_settings), so the loader's wording stays.
            auto definition = [](char const*, char const* table) { return table; };
            if (auto lifetime =
                    duration(*section, "claim_link_lifetime", path, Presence::optional)) {
                if (*lifetime < std::chrono::minutes(1) || *lifetime > std::chrono::hours(24 * 7))
                    error(path + "/claim_link_lifetime", "must be between 1m and 7d");
                paging.claim_link_lifetime = *lifetime;
            }
            paging.attempts = static_cast<int>(
                integer(*section, "attempts", path, 1, 20).value_or(paging.attempts));
            auto url = [&](json const& object, std::string const& here, std::string& out) {
                if (auto value = text(object, "url", here, Presence::optional)) {
                    if (!value->starts_with("http://") && !value->starts_with("https://"))
                        error(here + "/url",
                              in_quotes(*value) + " is not an http:// or https:// URL");
                    while (!value->empty() && value->back() == '/')
                        value->pop_back();
                    out = *value;
                }
            };
            if (json const* ntfy =
                    object_member(*section, "ntfy", path, definition("ntfy", "paging_ntfy"))) {
                url(*ntfy, path + "/ntfy", paging.ntfy_url);
                if (auto token = ntfy->find("token"); token != ntfy->end())
                    paging.ntfy_token = parse_secret_ref(*token);
            }
            if (json const* pushover = object_member(*section, "pushover", path,
                                                     definition("pushover", "paging_pushover"))) {
                std::string here = path + "/pushover";
                url(*pushover, here, paging.pushover_url);
                if (auto token = pushover->find("app_token"); token != pushover->end())
                    paging.pushover_token = parse_secret_ref(*token);
                else if (!notifier_known("pushover"))
                    error(here, "missing required key \"app_token\" (the application's API token)");
                // Pushover's own limits: retry at least every 30 s, expire within 3 hours.
                if (auto retry = duration(*pushover, "retry", here, Presence::optional)) {
                    if (*retry < std::chrono::seconds(30))
                        error(here + "/retry",
                              "Pushover repeats at most every 30s; use 30s or more");
                    paging.pushover_retry = *retry;
                }
                if (auto expire = duration(*pushover, "expire", here, Presence::optional)) {
                    if (*expire > std::chrono::hours(3) || *expire < std::chrono::seconds(30))
                        error(here + "/expire", "Pushover allows between 30s and 3h");
                    paging.pushover_expire = *expire;
                }
                if (auto poll = duration(*pushover, "receipt_poll", here, Presence::optional)) {
                    if (*poll < std::chrono::seconds(1))
                        error(here + "/receipt_poll", "must be at least 1s");
                    paging.receipt_poll = *poll;
                }
            }
            if (json const* webhook = object_member(*section, "webhook", path,
                                                    definition("webhook", "paging_webhook"))) {
                if (auto secret = webhook->find("secret"); secret != webhook->end())
                    paging.webhook_secret = parse_secret_ref(*secret);
                else if (!notifier_known("webhook"))
                    error(path + "/webhook", "missing required key \"secret\" (signs each page)");
            }
            object_member(*section, "log", path, definition("log", "paging_log"));
        }
        // A person's contact names a service that must be set up to be reachable.
        for (auto const& [id, person] : config.people) {
            for (std::size_t i = 0; i < person.push.size(); ++i) {
                auto const& type = person.push[i].type;
                std::string here = "/people/" + pointer_token(id) + "/push/" + std::to_string(i);
                if (type == "pushover" && !paging.pushover_token)
                    error(here + "/type", "pushover needs \"paging\": {\"pushover\": "
                                          "{\"app_token\": {\"env\": \"…\"}}}");
                if (type == "webhook" && !paging.webhook_secret)
                    error(here + "/type", "webhook needs \"paging\": {\"webhook\": "
                                          "{\"secret\": {\"env\": \"…\"}}}");
                if (type == "webhook" && !person.push[i].address.starts_with("http://") &&
                    !person.push[i].address.starts_with("https://"))
                    error(here + "/address",
                          in_quotes(person.push[i].address) + " is not an http:// or https:// URL");
                if (type == "ntfy" && !paging.ntfy_token &&
                    is_public_ntfy_server(paging.ntfy_url) &&
                    ntfy_topic_is_guessable(person.push[i].address))
                    warning(
                        here + "/address",
                        "this ntfy topic on the public server can be guessed, and anyone who "
                        "guesses it reads the pages; use at least 20 random characters (letters "
                        "and digits) or an access token (\"paging\": {\"ntfy\": {\"token\": …}})");
            }
        }
    }

    bool check_person(Config const& config, std::string const& id, std::string const& path) {
        if (config.people.contains(id))
            return true;
        std::vector<std::string> ids;
        for (auto const& [known, person] : config.people)
            ids.push_back(known);
        error(path,
              "no person " + in_quotes(id) + " is defined in \"people\"" + did_you_mean(id, ids));
        return false;
    }

    std::optional<EscalationStep> load_step(json const& entry, std::string const& path) {
        if (!is_object(entry, path))
            return std::nullopt;
        check_keys(entry, path, "step");
        EscalationStep step;
        step.after = duration(entry, "after", path, Presence::required).value_or(step.after);
        json const* notify = member(entry, "notify", path, Presence::required);
        if (notify && is_array(*notify, path + "/notify")) {
            if (notify->empty())
                error(path + "/notify", "must name at least one target");
            for (std::size_t i = 0; i < notify->size(); ++i) {
                std::string here = path + "/notify/" + std::to_string(i);
                json const& target = (*notify)[i];
                if (!is_object(target, here))
                    continue;
                check_keys(target, here, "target");
                EscalationTarget out;
                if (auto room = boolean(target, "room", here)) {
                    out.room = *room;
                    if (!*room)
                        error(here + "/room", "write \"room\": true or leave the target out");
                }
                if (auto layer = text(target, "layer", here, Presence::optional)) {
                    out.layer = *layer;
                }
                if (auto person = text(target, "person", here, Presence::optional)) {
                    out.person = *person;
                    check_person(*m_config, *person, here + "/person");
                }
                if (auto role = enum_text(target, "role", here, roles)) {
                    out.role = *role;
                }
                std::size_t written = target.contains("room") + target.contains("layer") +
                                      target.contains("person") + target.contains("role");
                if (written != 1)
                    error(here, "a target names exactly one of \"room\", \"layer\", \"person\" "
                                "or \"role\"");
                step.notify.push_back(std::move(out));
            }
        }
        auto via = string_list(entry, "via", path);
        for (std::size_t i = 0; i < via.size(); ++i)
            if (check_enum(via[i], path + "/via/" + std::to_string(i), channels))
                step.via.push_back(via[i]);
        return step;
    }

    void load_policies(json const& root, Config& config) {
        m_config = &config;
        json const* policies =
            object_member(root, "escalation_policies", "", "escalation_policies.map");
        if (!policies)
            return;
        for (auto const& [id, entry] : policies->items()) {
            std::string path = "/escalation_policies/" + pointer_token(id);
            if (!is_object(entry, path))
                continue;
            check_keys(entry, path, "policy");
            EscalationPolicy policy;
            policy.id = id;
            json const* steps = member(entry, "steps", path, Presence::required);
            if (steps && is_array(*steps, path + "/steps")) {
                if (steps->empty())
                    error(path + "/steps", "a policy needs at least one step");
                for (std::size_t i = 0; i < steps->size(); ++i)
                    if (auto step = load_step((*steps)[i], path + "/steps/" + std::to_string(i)))
                        policy.steps.push_back(std::move(*step));
            }
            policy.repeat = static_cast<int>(integer(entry, "repeat", path, 1, 100).value_or(1));
            if (json const* final_step = member(entry, "final", path, Presence::optional))
                policy.final_step = load_step(*final_step, path + "/final");
            config.policies.emplace(id, std::move(policy));
        }
    }

    bool notifier_known(std::string_view type) const {
        if (!m_catalog)
            return false;
        return std::any_of(m_catalog->notifiers.begin(), m_catalog->notifiers.end(),
                           [&](NotifierType const& entry) { return entry.type == type; });
    }

    void check_source_type(std::string const& type, std::string const& path) {
        if (!m_catalog)
            return;
        std::vector<std::string> known;
        for (auto const& entry : m_catalog->sources) {
            if (entry.type == type)
                return;
            known.emplace_back(entry.type);
        }
        std::string guess = closest(type, known);
        std::string list;
        for (auto const& name : known)
            list += (list.empty() ? "" : ", ") + name;
        error(path,
              "unknown source type '" + type + "'; " +
                  (guess.empty() ? "this build knows " + list : "did you mean '" + guess + "'?"));
    }

    // The keys each source type's parser accepts, found by checking an empty source of that type.
    std::map<std::string_view, std::vector<std::string>> const& keys_by_source_type() {
        if (m_keys_by_source_type.empty()) {
            for (auto const& entry : m_catalog->sources) {
                if (!entry.check)
                    continue;
                Source probe;
                probe.id = "probe";
                probe.type = std::string(entry.type);
                probe.settings = {{"type", probe.type}};
                std::vector<SettingsIssue> ignored;
                m_keys_by_source_type[entry.type] = entry.check(probe, ignored);
            }
        }
        return m_keys_by_source_type;
    }

    // A key its own type does not read but another type does was most likely put on the wrong
    // source: saying which types read it helps more than a list of this type's keys.
    void check_keys_of_other_types(Source const& source, std::vector<std::string> const& accepted) {
        // A parser that stopped before naming its keys leaves nothing to compare with.
        if (!source.settings.is_object() || accepted.empty())
            return;
        for (auto const& [key, value] : source.settings.items()) {
            if (std::find(accepted.begin(), accepted.end(), key) != accepted.end())
                continue;
            std::vector<std::string_view> readers;
            for (auto const& [type, keys] : keys_by_source_type())
                if (std::find(keys.begin(), keys.end(), key) != keys.end())
                    readers.push_back(type);
            if (readers.empty())
                continue;
            std::string types;
            for (auto const type : readers)
                types += (types.empty() ? "" : ", ") + in_quotes(type);
            std::string message =
                (readers.size() == 1 ? "only a " + types + " source reads "
                                     : "only sources of type " + types + " read ") +
                in_quotes(key) + "; this one is " + in_quotes(source.type);
            if (auto guess = closest_name(key, accepted); !guess.empty())
                message += "; did you mean " + in_quotes(guess) + "?";
            auto const path = "/sources/" + pointer_token(source.id) + "/" + pointer_token(key);
            // One problem a path: a secret written inline there is what to fix first.
            if (std::none_of(m_errors.begin(), m_errors.end(),
                             [&](ConfigError const& known) { return known.path == path; }))
                error(path, message);
        }
    }

    // Each plug-in parses its own settings; a problem the loader already reported at the same
    // path (a secret written inline, a misspelt common key) is not reported twice.
    void check_plugin_settings(Config const& config) {
        if (!m_catalog)
            return;
        std::vector<SettingsIssue> issues;
        for (auto const& [id, source] : config.sources)
            for (auto const& entry : m_catalog->sources)
                if (entry.type == source.type && entry.check)
                    check_keys_of_other_types(source, entry.check(source, issues));
        for (auto const& adapter : config.chat)
            for (auto const& entry : m_catalog->chat_adapters)
                if (entry.type == adapter.type && entry.check)
                    entry.check(adapter, issues);
        for (auto const& entry : m_catalog->notifiers) {
            auto const section = config.paging.settings.find(entry.type);
            if (section != config.paging.settings.end() && section->is_object() && entry.check)
                entry.check(*section, "/paging/" + std::string(entry.type), issues);
        }
        std::set<std::string> reported;
        for (auto const& existing : m_errors)
            reported.insert(existing.path);
        for (auto& issue : issues)
            if (reported.insert(issue.path).second)
                error(issue.path, std::move(issue.message));
    }

    void load_sources(json const& root, Config& config) {
        json const* sources = object_member(root, "sources", "", "sources.map");
        if (!sources)
            return;
        for (auto const& [id, entry] : sources->items()) {
            std::string path = "/sources/" + pointer_token(id);
            if (!is_object(entry, path))
                continue;
            check_keys(entry, path, "source");
            Source source;
            source.id = id;
            source.type = text(entry, "type", path, Presence::required).value_or("");
            if (!source.type.empty())
                check_source_type(source.type, path + "/type");
            source.max_body_bytes = static_cast<std::size_t>(
                integer(entry, "max_body_bytes", path, 1, 64LL * 1024 * 1024)
                    .value_or(static_cast<long long>(source.max_body_bytes)));
            source.settings = entry;
            config.sources.emplace(id, std::move(source));
        }
    }

    std::optional<CoverageWindow> load_window(json const& entry, std::string const& path) {
        if (!is_object(entry, path))
            return std::nullopt;
        check_keys(entry, path, "coverage_window");
        CoverageWindow window;
        window.name = text(entry, "name", path, Presence::required).value_or("");
        window.days = weekdays(entry, "days", path);
        window.holidays = boolean(entry, "holidays", path).value_or(false);
        window.start = time_of_day(entry, "start", path, Presence::required).value_or(window.start);
        window.end = time_of_day(entry, "end", path, Presence::required).value_or(window.end);
        if (!entry.contains("days") && !entry.contains("holidays"))
            error(path, "a coverage window needs \"days\", \"holidays\": true, or both");
        return window;
    }

    std::optional<Layer> load_layer(json const& entry, std::string const& path, Config& config,
                                    Team const& team) {
        if (!is_object(entry, path))
            return std::nullopt;
        check_keys(entry, path, "layer");
        Layer layer;
        layer.name = text(entry, "name", path, Presence::required).value_or("");
        layer.members = string_list(entry, "members", path, Presence::required);
        for (std::size_t i = 0; i < layer.members.size(); ++i)
            check_person(config, layer.members[i], path + "/members/" + std::to_string(i));
        if (json const* shift = member(entry, "shift", path, Presence::optional))
            load_shift(*shift, path + "/shift", layer);
        if (json const* handoff = object_member(entry, "handoff", path)) {
            if (auto day = text(*handoff, "day", path + "/handoff", Presence::optional))
                layer.handoff_day = weekday(*day, path + "/handoff/day").value_or(1);
            layer.handoff_time =
                time_of_day(*handoff, "time", path + "/handoff", Presence::optional)
                    .value_or(layer.handoff_time);
        }
        layer.start_date = date(entry, "start", path, Presence::required).value_or("");
        layer.windows = string_list(entry, "windows", path);
        for (std::size_t i = 0; i < layer.windows.size(); ++i) {
            auto const& name = layer.windows[i];
            std::vector<std::string> names;
            for (auto const& window : team.coverage)
                names.push_back(window.name);
            if (std::find(names.begin(), names.end(), name) == names.end())
                error(path + "/windows/" + std::to_string(i),
                      "no coverage window " + in_quotes(name) + " is defined in this team's " +
                          "\"coverage\"" + did_you_mean(name, names));
        }
        if (json const* substitution = member(entry, "substitution", path, Presence::optional))
            load_substitution(*substitution, path + "/substitution", layer, config);
        return layer;
    }

    void load_shift(json const& shift, std::string const& path, Layer& layer) {
        if (shift.is_object()) {
            check_keys(shift, path, "shift_spans");
            if (!shift.contains("spans")) {
                error(path, "missing required key \"spans\"");
                return;
            }
            layer.shift_unit = "spans";
            layer.shift_length =
                static_cast<int>(integer(shift, "spans", path, 1, 1000).value_or(1));
            return;
        }
        if (!shift.is_string()) {
            error(path, "expected a string such as \"1w\" or an object {\"spans\": 1}, found " +
                            kind_of(shift));
            return;
        }
        std::string text = shift.get<std::string>();
        bool valid = text.size() >= 2 && text.size() <= 5 && text[0] >= '1' && text[0] <= '9';
        for (std::size_t i = 1; valid && i + 1 < text.size(); ++i)
            valid = text[i] >= '0' && text[i] <= '9';
        char unit = text.empty() ? '\0' : text.back();
        if (!valid || (unit != 'h' && unit != 'd' && unit != 'w')) {
            error(path, in_quotes(text) +
                            " is not a shift length; use hours, days or weeks such as "
                            "\"12h\", \"2d\" or \"1w\", or {\"spans\": 1}");
            return;
        }
        layer.shift_length = std::stoi(text.substr(0, text.size() - 1));
        layer.shift_unit = unit == 'h' ? "hours" : unit == 'd' ? "days" : "weeks";
    }

    void load_substitution(json const& value, std::string const& path, Layer& layer,
                           Config& config) {
        if (value.is_string()) {
            std::string rule = value.get<std::string>();
            if (rule == "next" || rule == "none")
                layer.substitution = rule;
            else
                error(path, in_quotes(rule) + " is not a substitution; use \"next\", \"none\", " +
                                "{\"deputy\": \"person\"} or {\"layer\": \"name\"}");
            return;
        }
        if (!value.is_object()) {
            error(path, "expected \"next\", \"none\" or an object, found " + kind_of(value));
            return;
        }
        check_keys(value, path, "substitution");
        if (value.contains("deputy") == value.contains("layer")) {
            error(path, "a substitution names exactly one of \"deputy\" or \"layer\"");
            return;
        }
        if (auto deputy = text(value, "deputy", path, Presence::optional)) {
            if (check_person(config, *deputy, path + "/deputy"))
                layer.substitution = "deputy:" + *deputy;
        } else if (auto other = text(value, "layer", path, Presence::optional)) {
            // Checked once all layers of the team are known.
            layer.substitution = "layer:" + *other;
        }
    }

    void load_teams(json const& root, Config& config) {
        json const* teams = object_member(root, "teams", "", "teams.map");
        if (!teams)
            return;
        static std::regex const region("^[A-Z]{2}(-[A-Z0-9]{1,3})?$");
        for (auto const& [id, entry] : teams->items()) {
            std::string path = "/teams/" + pointer_token(id);
            if (!is_object(entry, path))
                continue;
            check_keys(entry, path, "team");
            Team team;
            team.id = id;
            if (auto zone = text(entry, "timezone", path, Presence::required)) {
                check_zone(*zone, path + "/timezone");
                team.timezone = *zone;
            }
            if (auto holidays = text(entry, "holidays", path, Presence::optional)) {
                if (!std::regex_match(*holidays, region))
                    error(path + "/holidays", in_quotes(*holidays) +
                                                  " is not a region code; use ISO 3166-1 or 3166-2 "
                                                  "such as \"DE\" or \"DE-BY\"");
                else
                    team.holidays = *holidays;
            }
            team.holidays_ical =
                text(entry, "holidays_ical", path, Presence::optional).value_or("");
            if (auto code = text(entry, "language", path, Presence::optional)) {
                if (auto language = language_from_code(*code))
                    team.language = *language;
                else
                    error(path + "/language", in_quotes(*code) +
                                                  " is not a language switchboard speaks; use "
                                                  "\"en\" (English, the default) or \"de\" "
                                                  "(German)");
            }
            if (json const* hours = object_member(entry, "business_hours", path, "weekly_hours")) {
                std::string here = path + "/business_hours";
                team.business_hours.days = weekdays(*hours, "days", here);
                team.business_hours.start =
                    time_of_day(*hours, "start", here, Presence::required).value_or(LocalTime{0});
                team.business_hours.end =
                    time_of_day(*hours, "end", here, Presence::required).value_or(LocalTime{0});
            }
            if (json const* coverage = member(entry, "coverage", path, Presence::optional);
                coverage && is_array(*coverage, path + "/coverage")) {
                std::set<std::string> names;
                for (std::size_t i = 0; i < coverage->size(); ++i) {
                    std::string here = path + "/coverage/" + std::to_string(i);
                    auto window = load_window((*coverage)[i], here);
                    if (!window)
                        continue;
                    if (!window->name.empty() && !names.insert(window->name).second)
                        error(here + "/name", "a coverage window named " + in_quotes(window->name) +
                                                  " is already defined in this team");
                    team.coverage.push_back(std::move(*window));
                }
            }
            if (json const* rooms = object_member(entry, "rooms", path, "rooms.map")) {
                for (auto const& [adapter, room] : rooms->items()) {
                    std::string here = path + "/rooms/" + pointer_token(adapter);
                    if (expect_type(room, here, json::value_t::string, "a string") &&
                        check_adapter(adapter, here))
                        team.rooms.emplace(adapter, room.get<std::string>());
                }
            }
            if (json const* layers = member(entry, "layers", path, Presence::optional);
                layers && is_array(*layers, path + "/layers")) {
                std::set<std::string> names;
                for (std::size_t i = 0; i < layers->size(); ++i) {
                    std::string here = path + "/layers/" + std::to_string(i);
                    auto layer = load_layer((*layers)[i], here, config, team);
                    if (!layer)
                        continue;
                    if (!layer->name.empty() && !names.insert(layer->name).second)
                        error(here + "/name", "a layer named " + in_quotes(layer->name) +
                                                  " is already defined in this team");
                    team.layers.push_back(std::move(*layer));
                }
                check_layer_substitutions(team, path);
            }
            if (json const* escalation =
                    object_member(entry, "escalation", path, "team_escalation")) {
                std::string here = path + "/escalation";
                team.business_hours_policy = policy_reference(*escalation, "business_hours", here);
                team.after_hours_policy = policy_reference(*escalation, "after_hours", here);
            }
            config.teams.emplace(id, std::move(team));
        }
    }

    void check_layer_substitutions(Team const& team, std::string const& path) {
        for (std::size_t i = 0; i < team.layers.size(); ++i) {
            auto const& rule = team.layers[i].substitution;
            if (!rule.starts_with("layer:"))
                continue;
            std::string other = rule.substr(6);
            if (!layer_names(team).contains(other) || other == team.layers[i].name)
                error(path + "/layers/" + std::to_string(i) + "/substitution/layer",
                      "no other layer " + in_quotes(other) + " is defined in this team");
        }
    }

    static std::set<std::string> layer_names(Team const& team) {
        std::set<std::string> names;
        for (auto const& layer : team.layers)
            names.insert(layer.name);
        return names;
    }

    std::string policy_reference(json const& object, std::string const& key,
                                 std::string const& path) {
        auto id = text(object, key, path, Presence::optional);
        if (!id)
            return {};
        if (!m_config->policies.contains(*id)) {
            std::vector<std::string> ids;
            for (auto const& [known, policy] : m_config->policies)
                ids.push_back(known);
            error(path + "/" + key, "no escalation policy " + in_quotes(*id) +
                                        " is defined in \"escalation_policies\"" +
                                        did_you_mean(*id, ids));
            return {};
        }
        return *id;
    }

    // A policy may serve several teams; a layer target must exist in each team that uses it.
    void check_policy_layers(Config const& config) {
        for (auto const& [id, policy] : config.policies) {
            std::vector<Team const*> users;
            for (auto const& [team_id, team] : config.teams)
                if (team.business_hours_policy == id || team.after_hours_policy == id)
                    users.push_back(&team);
            auto check_step = [&](EscalationStep const& step, std::string const& path) {
                for (std::size_t i = 0; i < step.notify.size(); ++i) {
                    if (step.notify[i].room)
                        for (Team const* team : users)
                            if (team->rooms.empty())
                                error(path + "/notify/" + std::to_string(i) + "/room",
                                      "team " + in_quotes(team->id) +
                                          " uses this policy but has no \"rooms\" to post in");
                    auto const& layer = step.notify[i].layer;
                    if (layer.empty())
                        continue;
                    std::string here = path + "/notify/" + std::to_string(i) + "/layer";
                    if (users.empty()) {
                        bool anywhere = std::any_of(
                            config.teams.begin(), config.teams.end(), [&](auto const& team) {
                                return layer_names(team.second).contains(layer);
                            });
                        if (!anywhere)
                            error(here, "no team has a layer named " + in_quotes(layer));
                    }
                    for (Team const* team : users) {
                        auto names = layer_names(*team);
                        if (!names.contains(layer))
                            error(here, "team " + in_quotes(team->id) +
                                            " uses this policy but has no layer named " +
                                            in_quotes(layer) +
                                            did_you_mean(layer, {names.begin(), names.end()}));
                    }
                }
            };
            std::string path = "/escalation_policies/" + pointer_token(id);
            for (std::size_t i = 0; i < policy.steps.size(); ++i)
                check_step(policy.steps[i], path + "/steps/" + std::to_string(i));
            if (policy.final_step)
                check_step(*policy.final_step, path + "/final");
        }
    }

    void load_routing(json const& root, Config& config) {
        json const* routing = member(root, "routing", "", Presence::optional);
        if (!routing || !is_array(*routing, "/routing"))
            return;
        for (std::size_t i = 0; i < routing->size(); ++i) {
            std::string path = "/routing/" + std::to_string(i);
            json const& entry = (*routing)[i];
            if (!is_object(entry, path))
                continue;
            check_keys(entry, path, "routing_rule");
            RoutingRule rule;
            if (json const* match = object_member(entry, "match", path)) {
                std::string here = path + "/match";
                rule.match.keywords = string_list(*match, "keywords", here);
                if (auto regex = text(*match, "regex", here, Presence::optional);
                    regex && regex->size() > 500) {
                    // Routing patterns are short; a bound keeps RE2's compile work small.
                    error(here + "/regex", "the regular expression is longer than 500 characters");
                } else if (regex) {
                    if (auto compiled = Pattern::compile(*regex))
                        rule.match.regex = *regex;
                    else
                        error(here + "/regex", compiled.error().message);
                }
                rule.match.sources = string_list(*match, "sources", here);
                for (std::size_t s = 0; s < rule.match.sources.size(); ++s) {
                    auto const& source = rule.match.sources[s];
                    if (!config.sources.contains(source)) {
                        std::vector<std::string> ids;
                        for (auto const& [known, unused] : config.sources)
                            ids.push_back(known);
                        error(here + "/sources/" + std::to_string(s),
                              "no source " + in_quotes(source) + " is defined in \"sources\"" +
                                  did_you_mean(source, ids));
                    }
                }
                rule.match.platforms = string_list(*match, "platforms", here);
                rule.match.languages = string_list(*match, "languages", here);
                rule.match.kinds = string_list(*match, "kinds", here);
                for (std::size_t k = 0; k < rule.match.kinds.size(); ++k)
                    check_enum(rule.match.kinds[k], here + "/kinds/" + std::to_string(k),
                               mention_kinds);
                rule.match.accounts = string_list(*match, "accounts", here);
                if (auto rating = integer(*match, "max_rating", here, 1, 5))
                    rule.match.max_rating = static_cast<int>(*rating);
            }
            if (auto team = text(entry, "team", path, Presence::optional)) {
                if (config.teams.contains(*team)) {
                    rule.team = *team;
                } else {
                    std::vector<std::string> ids;
                    for (auto const& [known, unused] : config.teams)
                        ids.push_back(known);
                    error(path + "/team", "no team " + in_quotes(*team) +
                                              " is defined in \"teams\"" +
                                              did_you_mean(*team, ids));
                }
            }
            rule.priority = enum_text(entry, "priority", path, priorities).value_or("");
            rule.topic = text(entry, "topic", path, Presence::optional).value_or("");
            config.routing.push_back(std::move(rule));
        }
    }

    void load_burst(json const& root, Config& config) {
        json const* section = object_member(root, "burst", "");
        if (!section)
            return;
        std::string const path = "/burst";
        check_keys(*section, path, "burst");
        BurstRule burst;
        if (auto window = duration(*section, "window", path, Presence::optional)) {
            if (*window < std::chrono::minutes(1) || *window > std::chrono::hours(24))
                error(path + "/window", "must be between 1m and 24h");
            burst.window = *window;
        }
        burst.threshold = static_cast<int>(
            integer(*section, "threshold", path, 2, 100000).value_or(burst.threshold));
        burst.priority = enum_text(*section, "priority", path, priorities).value_or(burst.priority);
        config.burst = burst;
    }

    Team const* team_reference(Config const& config, std::string const& id,
                               std::string const& path) {
        if (auto found = config.teams.find(id); found != config.teams.end())
            return &found->second;
        std::vector<std::string> ids;
        for (auto const& [known, unused] : config.teams)
            ids.push_back(known);
        error(path,
              "no team " + in_quotes(id) + " is defined in \"teams\"" + did_you_mean(id, ids));
        return nullptr;
    }

    void check_layer_reference(Team const* team, std::string const& layer,
                               std::string const& path) {
        if (!team || layer_names(*team).contains(layer))
            return;
        auto names = layer_names(*team);
        error(path, "team " + in_quotes(team->id) + " has no layer named " + in_quotes(layer) +
                        did_you_mean(layer, std::vector<std::string>(names.begin(), names.end())));
    }

    void check_span(json const& entry, std::string const& path, std::string const& zone) {
        auto from = instant(entry, "from", path, zone);
        auto to = instant(entry, "to", path, zone);
        if (from && to && *to <= *from)
            error(path + "/to", "the end must be after the start (\"from\")");
    }

    template <typename Fill>
    void load_list(json const& root, std::string const& key, std::string const& definition,
                   Fill fill) {
        json const* list = member(root, key, "", Presence::optional);
        if (!list || !is_array(*list, "/" + key))
            return;
        for (std::size_t i = 0; i < list->size(); ++i) {
            std::string path = "/" + key + "/" + std::to_string(i);
            if (!is_object((*list)[i], path))
                continue;
            check_keys((*list)[i], path, definition);
            fill((*list)[i], path);
        }
    }

    void load_plans(json const& root, Config& config) {
        load_list(root, "absences", "absence", [&](json const& entry, std::string const& path) {
            Absence absence;
            absence.person = text(entry, "person", path, Presence::required).value_or("");
            std::string zone;
            if (!absence.person.empty() && check_person(config, absence.person, path + "/person"))
                zone = config.people.at(absence.person).timezone;
            absence.kind = enum_text(entry, "kind", path, absence_kinds).value_or(absence.kind);
            check_span(entry, path, zone);
            absence.from = entry.value("from", "");
            absence.to = entry.value("to", "");
            config.absences.push_back(std::move(absence));
        });
        load_list(root, "overrides", "override", [&](json const& entry, std::string const& path) {
            Override override_entry;
            override_entry.team = text(entry, "team", path, Presence::required).value_or("");
            override_entry.layer = text(entry, "layer", path, Presence::required).value_or("");
            override_entry.person = text(entry, "person", path, Presence::required).value_or("");
            Team const* team = override_entry.team.empty()
                                   ? nullptr
                                   : team_reference(config, override_entry.team, path + "/team");
            if (!override_entry.layer.empty())
                check_layer_reference(team, override_entry.layer, path + "/layer");
            if (!override_entry.person.empty())
                check_person(config, override_entry.person, path + "/person");
            check_span(entry, path, team ? team->timezone : "");
            override_entry.from = entry.value("from", "");
            override_entry.to = entry.value("to", "");
            config.overrides.push_back(std::move(override_entry));
        });
        load_list(root, "swaps", "swap", [&](json const& entry, std::string const& path) {
            Swap swap;
            swap.team = text(entry, "team", path, Presence::required).value_or("");
            swap.layer = text(entry, "layer", path, Presence::required).value_or("");
            swap.from_person = text(entry, "from_person", path, Presence::required).value_or("");
            swap.to_person = text(entry, "to_person", path, Presence::required).value_or("");
            Team const* team =
                swap.team.empty() ? nullptr : team_reference(config, swap.team, path + "/team");
            if (!swap.layer.empty())
                check_layer_reference(team, swap.layer, path + "/layer");
            if (!swap.from_person.empty())
                check_person(config, swap.from_person, path + "/from_person");
            if (!swap.to_person.empty())
                check_person(config, swap.to_person, path + "/to_person");
            if (team && !swap.from_person.empty() && layer_names(*team).contains(swap.layer)) {
                auto const& members =
                    std::find_if(team->layers.begin(), team->layers.end(), [&](Layer const& layer) {
                        return layer.name == swap.layer;
                    })->members;
                if (std::find(members.begin(), members.end(), swap.from_person) == members.end())
                    error(path + "/from_person",
                          in_quotes(swap.from_person) + " is not a member of layer " +
                              in_quotes(swap.layer) + ", so has no shift there to give away");
            }
            if (!swap.from_person.empty() && swap.from_person == swap.to_person)
                error(path + "/to_person", "a swap needs two different people");
            check_span(entry, path, team ? team->timezone : "");
            swap.from = entry.value("from", "");
            swap.to = entry.value("to", "");
            config.swaps.push_back(std::move(swap));
        });
    }

    std::string m_file;
    SourcePositions m_positions;
    std::vector<ConfigError> m_errors;
    std::vector<ConfigError> m_warnings;
    std::set<std::string> m_adapters;
    Config const* m_config = nullptr;
    PluginCatalog const* m_catalog = nullptr;
    std::map<std::string_view, std::vector<std::string>> m_keys_by_source_type;
};

// nlohmann reports "[json.exception.parse_error.101] parse error at line 3, column 5: <reason>".
std::string syntax_reason(std::string const& what) {
    auto column = what.find("column ");
    auto colon = what.find(": ", column == std::string::npos ? 0 : column);
    return colon == std::string::npos ? what : what.substr(colon + 2);
}

} // namespace

namespace {

LoadResult load_text(std::string const& text, std::string const& path_for_messages,
                     PluginCatalog const* catalog) {
    LoadResult result;
    json root;
    try {
        root = json::parse(text, nullptr, true, /*ignore_comments=*/true);
    } catch (json::parse_error const& failure) {
        std::size_t end = std::min<std::size_t>(failure.byte, text.size());
        int line = 1;
        std::size_t line_start = 0;
        for (std::size_t i = 0; i + 1 < end; ++i)
            if (text[i] == '\n') {
                ++line;
                line_start = i + 1;
            }
        std::size_t column = end > line_start ? end - line_start : 1;
        result.errors.push_back({path_for_messages, line, "",
                                 "syntax error at column " + std::to_string(column) + ": " +
                                     syntax_reason(failure.what())});
        return result;
    } catch (json::exception const& failure) {
        // Overflowing numbers ("1e99999") are refused with out_of_range, which has no position.
        std::string what = failure.what();
        auto bracket = what.find("] ");
        result.errors.push_back({path_for_messages, 0, "",
                                 bracket == std::string::npos ? what : what.substr(bracket + 2)});
        return result;
    }
    Loader loader(path_for_messages, scan_positions(text), catalog);
    Config config = loader.load(root);
    result.errors = loader.take_errors();
    result.warnings = loader.take_warnings();
    std::stable_sort(result.errors.begin(), result.errors.end(),
                     [](ConfigError const& a, ConfigError const& b) { return a.line < b.line; });
    if (result.errors.empty())
        result.config = std::move(config);
    return result;
}

LoadResult load_file(std::string const& path, PluginCatalog const* catalog) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        LoadResult result;
        result.errors.push_back({path, 0, "", "cannot open the config file"});
        return result;
    }
    std::ostringstream content;
    content << in.rdbuf();
    return load_text(content.str(), path, catalog);
}

} // namespace

LoadResult load_config_text(std::string const& text, std::string const& path_for_messages) {
    return load_text(text, path_for_messages, nullptr);
}

LoadResult load_config_text(std::string const& text, std::string const& path_for_messages,
                            PluginCatalog const& catalog) {
    return load_text(text, path_for_messages, &catalog);
}

LoadResult load_config_file(std::string const& path) {
    return load_file(path, nullptr);
}

LoadResult load_config_file(std::string const& path, PluginCatalog const& catalog) {
    return load_file(path, &catalog);
}

} // namespace sb::config
