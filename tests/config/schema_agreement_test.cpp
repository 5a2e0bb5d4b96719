// SPDX-License-Identifier: Apache-2.0
// Keeps the JSON Schema, the loader's key tables and the shipped configs in agreement.
#include "config/config.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace sb::config {
namespace {

using nlohmann::json;

std::string read_file(std::string const& path) {
    std::ifstream in(path);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

json const& schema() {
    static json const parsed = json::parse(read_file(SB_CONFIG_DIR "/switchboard.schema.json"));
    return parsed;
}

std::vector<std::string> shipped_configs() {
    std::vector<std::string> paths{SB_CONFIG_DIR "/switchboard.jsonc"};
    for (auto const& entry : std::filesystem::directory_iterator(SB_CONFIG_DIR "/examples"))
        if (entry.path().extension() == ".jsonc")
            paths.push_back(entry.path().string());
    return paths;
}

// Checks the subset of JSON Schema 2020-12 the config schema uses: $ref into $defs, type,
// properties, patternProperties, additionalProperties, required, items, enum, const, oneOf,
// pattern, minimum, maximum, minItems, minLength, minProperties and maxProperties.
class StructureCheck {
public:
    explicit StructureCheck(json const& root) : m_root(root) {}

    std::vector<std::string> const& problems() const { return m_problems; }

    bool check(json const& value, json const& rule, std::string const& path) {
        std::size_t before = m_problems.size();
        run(value, rule, path);
        return m_problems.size() == before;
    }

private:
    void problem(std::string const& path, std::string const& what) {
        m_problems.push_back(path + ": " + what);
    }

    static std::regex compiled(std::string const& pattern) {
        try {
            return std::regex(pattern);
        } catch (std::regex_error const& failure) {
            ADD_FAILURE() << "schema pattern " << pattern
                          << " does not compile: " << failure.what();
            return std::regex("^$");
        }
    }

    static bool has_type(json const& value, std::string const& type) {
        if (type == "object")
            return value.is_object();
        if (type == "array")
            return value.is_array();
        if (type == "string")
            return value.is_string();
        if (type == "integer")
            return value.is_number_integer();
        if (type == "number")
            return value.is_number();
        if (type == "boolean")
            return value.is_boolean();
        return type == "null" && value.is_null();
    }

    void run(json const& value, json const& rule, std::string const& path) {
        if (rule.contains("$ref")) {
            std::string ref = rule["$ref"];
            ASSERT_TRUE(ref.starts_with("#/$defs/")) << ref;
            run(value, m_root["$defs"].at(ref.substr(8)), path);
        }
        if (rule.contains("type") && !has_type(value, rule["type"]))
            return problem(path, "expected type " + rule["type"].get<std::string>());
        if (rule.contains("enum") &&
            std::find(rule["enum"].begin(), rule["enum"].end(), value) == rule["enum"].end())
            problem(path, value.dump() + " is not in the enum");
        if (rule.contains("const") && value != rule["const"])
            problem(path, "expected " + rule["const"].dump());
        if (rule.contains("oneOf")) {
            int matches = 0;
            for (auto const& option : rule["oneOf"]) {
                StructureCheck inner(m_root);
                matches += inner.check(value, option, path);
            }
            if (matches != 1)
                problem(path, "matches " + std::to_string(matches) + " oneOf options");
        }
        if (value.is_string()) {
            if (rule.contains("pattern") &&
                !std::regex_search(value.get<std::string>(), compiled(rule["pattern"])))
                problem(path, "does not match " + rule["pattern"].get<std::string>());
            if (rule.contains("minLength") && value.get<std::string>().size() < rule["minLength"])
                problem(path, "too short");
        }
        if (value.is_number()) {
            if (rule.contains("minimum") && value < rule["minimum"])
                problem(path, "below the minimum");
            if (rule.contains("maximum") && value > rule["maximum"])
                problem(path, "above the maximum");
        }
        if (value.is_array()) {
            if (rule.contains("minItems") && value.size() < rule["minItems"])
                problem(path, "too few items");
            if (rule.contains("items"))
                for (std::size_t i = 0; i < value.size(); ++i)
                    run(value[i], rule["items"], path + "/" + std::to_string(i));
        }
        if (value.is_object())
            run_object(value, rule, path);
    }

    void run_object(json const& value, json const& rule, std::string const& path) {
        if (rule.contains("minProperties") && value.size() < rule["minProperties"])
            problem(path, "too few properties");
        if (rule.contains("maxProperties") && value.size() > rule["maxProperties"])
            problem(path, "too many properties");
        for (auto const& key : rule.value("required", json::array()))
            if (!value.contains(key))
                problem(path, "missing required " + key.get<std::string>());
        json const patterns = rule.value("patternProperties", json::object());
        for (auto const& [key, member] : value.items()) {
            std::string here = path + "/" + key;
            bool known = false;
            if (rule.contains("properties") && rule["properties"].contains(key)) {
                known = true;
                run(member, rule["properties"][key], here);
            }
            for (auto const& [pattern, sub] : patterns.items()) {
                if (std::regex_search(key, compiled(pattern))) {
                    known = true;
                    run(member, sub, here);
                }
            }
            if (known || !rule.contains("additionalProperties"))
                continue;
            json const& additional = rule["additionalProperties"];
            if (additional.is_boolean()) {
                if (!additional.get<bool>())
                    problem(here, "property not allowed");
            } else {
                run(member, additional, here);
            }
        }
    }

    json const& m_root;
    std::vector<std::string> m_problems;
};

std::set<std::string> keys_of(json const& properties) {
    std::set<std::string> keys;
    for (auto const& [key, unused] : properties.items())
        keys.insert(key);
    return keys;
}

TEST(ConfigSchema, EveryLoaderKeyTableMatchesTheSchemaProperties) {
    for (auto const& table : known_key_tables()) {
        json const& definition =
            table.definition.empty() ? schema() : schema()["$defs"][table.definition];
        ASSERT_TRUE(definition.contains("properties")) << "schema lacks $defs/" << table.definition;
        std::set<std::string> loader_keys(table.keys.begin(), table.keys.end());
        EXPECT_EQ(keys_of(definition["properties"]), loader_keys)
            << "schema and loader disagree on the keys of \"" << table.definition << "\"";
        EXPECT_EQ(definition.value("additionalProperties", true), table.allows_other_keys)
            << "schema and loader disagree on extra keys in \"" << table.definition << "\"";
    }
}

TEST(ConfigSchema, EverySchemaObjectWithPropertiesHasALoaderKeyTable) {
    std::set<std::string> tables;
    for (auto const& table : known_key_tables())
        tables.insert(table.definition);
    EXPECT_TRUE(tables.contains(""));
    for (auto const& [name, definition] : schema()["$defs"].items())
        if (definition.contains("properties")) {
            EXPECT_TRUE(tables.contains(name)) << "the loader has no key table for $defs/" << name;
        }
}

TEST(ConfigSchema, ShippedConfigsLoadWithoutErrors) {
    for (auto const& path : shipped_configs()) {
        auto result = load_config_file(path);
        std::string errors;
        for (auto const& error : result.errors)
            errors += error.to_string() + "\n";
        EXPECT_TRUE(result.config.has_value()) << path << ":\n" << errors;
    }
}

TEST(ConfigSchema, ShippedConfigsFollowTheSchema) {
    for (auto const& path : shipped_configs()) {
        auto document = json::parse(read_file(path), nullptr, true, true);
        StructureCheck check(schema());
        check.check(document, schema(), "");
        for (auto const& problem : check.problems())
            ADD_FAILURE() << path << ": " << problem;
    }
}

TEST(ConfigSchema, StructureCheckCatchesWhatTheSchemaForbids) {
    auto document = json::parse(read_file(SB_CONFIG_DIR "/switchboard.jsonc"), nullptr, true, true);
    document["teams"]["care"]["layers"][0]["shift"] = "1 week";
    document["people"]["bob"]["colour"] = "blue";
    document["sources"]["demo"]["secret"] = "inline";
    document["routing"][0]["priority"] = "highest";
    StructureCheck check(schema());
    EXPECT_FALSE(check.check(document, schema(), ""));
    EXPECT_EQ(check.problems().size(), 4u);
}

TEST(ConfigSchema, ExamplesCoverTheMainFeatures) {
    auto result = load_config_file(SB_CONFIG_DIR "/examples/large_team.jsonc");
    ASSERT_TRUE(result.config);
    auto const& care = result.config->teams.at("care");
    EXPECT_EQ(care.layers.size(), 3u);
    EXPECT_EQ(care.coverage.size(), 3u);
    EXPECT_GE(result.config->sources.size(), 3u);
    EXPECT_GE(result.config->routing.size(), 4u);
    auto small = load_config_file(SB_CONFIG_DIR "/examples/small_shop.jsonc");
    ASSERT_TRUE(small.config);
    EXPECT_EQ(small.config->people.size(), 2u);
}

} // namespace
} // namespace sb::config
