// SPDX-License-Identifier: Apache-2.0
// Keeps each plug-in type's settings in the JSON Schema equal to what its parser accepts.
#include "bot/daemon/adapter_factory.hpp"
#include "bot/daemon/notifier_factory.hpp"
#include "bot/daemon/plugin_catalog.hpp"
#include "bot/daemon/source_factory.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace sb {
namespace {

using nlohmann::json;

json const& schema() {
    static json const parsed = [] {
        std::ifstream in(SB_CONFIG_DIR "/switchboard.schema.json");
        std::ostringstream content;
        content << in.rdbuf();
        return json::parse(content.str());
    }();
    return parsed;
}

// The "then" of the allOf entry for one type in $defs/<definition>, or null.
json type_settings(std::string const& definition, std::string_view type) {
    for (auto const& entry : schema()["$defs"][definition].value("allOf", json::array()))
        if (entry["if"]["properties"]["type"]["const"] == type)
            return entry["then"];
    return nullptr;
}

std::set<std::string> keys_of(json const& object) {
    std::set<std::string> keys;
    for (auto const& [key, unused] : object.items())
        keys.insert(key);
    return keys;
}

std::set<std::string> schema_types(std::string const& definition) {
    std::set<std::string> types;
    for (auto const& entry : schema()["$defs"][definition].value("allOf", json::array()))
        types.insert(entry["if"]["properties"]["type"]["const"].get<std::string>());
    return types;
}

TEST(PluginSchema, EverySourceTypeHasSchemaSettingsWithExactlyTheKeysItsParserAccepts) {
    std::set<std::string> types;
    for (auto const& entry : source_entries()) {
        types.emplace(entry.type);
        config::Source source;
        source.id = "probe";
        source.type = std::string(entry.type);
        source.settings = {{"type", source.type}};
        std::vector<config::SettingsIssue> issues;
        auto accepted = entry.check(source, issues);
        std::set<std::string> parser_keys(accepted.begin(), accepted.end());
        json then = type_settings("source", entry.type);
        ASSERT_TRUE(then.is_object())
            << "the schema has no settings for sources of type " << entry.type;
        EXPECT_EQ(keys_of(then["properties"]), parser_keys) << entry.type;
        EXPECT_EQ(then.value("additionalProperties", true), false) << entry.type;
    }
    EXPECT_EQ(schema_types("source"), types);
    std::set<std::string> enumerated;
    for (auto const& type : schema()["$defs"]["source"]["properties"]["type"]["enum"])
        enumerated.insert(type.get<std::string>());
    EXPECT_EQ(enumerated, types) << "editors complete \"type\" from this enum";
}

TEST(PluginSchema, EveryChatAdapterTypeHasSchemaSettingsWithExactlyTheKeysItsParserAccepts) {
    std::set<std::string> types;
    for (auto const& entry : chat_adapter_entries()) {
        types.emplace(entry.type);
        config::ChatAdapterConfig chat{std::string(entry.type), "probe",
                                       json{{"type", std::string(entry.type)}}, "/chat/0"};
        std::vector<config::SettingsIssue> issues;
        auto accepted = entry.check(chat, issues);
        std::set<std::string> parser_keys(accepted.begin(), accepted.end());
        json then = type_settings("chat_adapter", entry.type);
        ASSERT_TRUE(then.is_object())
            << "the schema has no settings for chat adapters of type " << entry.type;
        EXPECT_EQ(keys_of(then["properties"]), parser_keys) << entry.type;
        EXPECT_EQ(then.value("additionalProperties", true), false) << entry.type;
    }
    EXPECT_EQ(schema_types("chat_adapter"), types);
}

// The notifier types the schema lists under "paging": the members that refer to a paging_<type>
// definition (the others, such as "attempts", are the pager's own).
std::set<std::string> schema_notifier_types() {
    std::set<std::string> types;
    constexpr std::string_view prefix = "#/$defs/paging_";
    for (auto const& [key, value] : schema()["$defs"]["paging"]["properties"].items())
        if (value.value("$ref", "").rfind(prefix, 0) == 0)
            types.insert(key);
    return types;
}

TEST(PluginSchema, EveryNotifierTypeHasSchemaSettingsWithExactlyTheKeysItsParserAccepts) {
    std::set<std::string> types;
    for (auto const& entry : notifier_entries()) {
        auto const type = std::string(entry.type);
        types.insert(type);
        std::vector<config::SettingsIssue> issues;
        auto accepted = entry.check(json::object(), "/paging/" + type, issues);
        std::set<std::string> parser_keys(accepted.begin(), accepted.end());
        auto const& paging = schema()["$defs"]["paging"]["properties"];
        ASSERT_TRUE(paging.contains(type)) << "the schema's paging has no " << type << " settings";
        EXPECT_EQ(paging[type].value("$ref", ""), "#/$defs/paging_" + type) << type;
        json const& settings = schema()["$defs"].value("paging_" + type, json());
        ASSERT_TRUE(settings.is_object()) << "the schema has no $defs/paging_" << type;
        auto const properties = settings.value("properties", json::object());
        EXPECT_EQ(keys_of(properties), parser_keys) << type;
        EXPECT_EQ(settings.value("additionalProperties", true), false) << type;
        EXPECT_FALSE(settings.value("description", "").empty()) << type;
        for (auto const& [key, property] : properties.items())
            EXPECT_FALSE(property.value("description", "").empty()) << type << "." << key;
    }
    EXPECT_EQ(schema_notifier_types(), types);
}

TEST(PluginSchema, EveryNotifierTypeIsAPushContactTypeWithItsOwnAddressBlock) {
    std::set<std::string> types;
    for (auto const& entry : notifier_entries())
        types.emplace(entry.type);
    auto const& contact = schema()["$defs"]["push_contact"];
    std::set<std::string> enumerated;
    for (auto const& type : contact["properties"]["type"]["enum"])
        enumerated.insert(type.get<std::string>());
    EXPECT_EQ(enumerated, types) << "editors complete a push contact's \"type\" from this enum";
    EXPECT_EQ(schema_types("push_contact"), types);
    for (auto const& type : types) {
        json then = type_settings("push_contact", type);
        ASSERT_TRUE(then.is_object()) << "the schema has no push contact block for " << type;
        EXPECT_EQ(keys_of(then["properties"]), std::set<std::string>{"address"}) << type;
        EXPECT_FALSE(then["properties"]["address"].value("description", "").empty()) << type;
    }
}

TEST(PluginSchema, ShippedConfigsPassEveryPluginParser) {
    std::vector<std::string> paths{SB_CONFIG_DIR "/switchboard.jsonc"};
    for (auto const& file : std::filesystem::directory_iterator(SB_CONFIG_DIR "/examples"))
        if (file.path().extension() == ".jsonc")
            paths.push_back(file.path().string());
    for (auto const& path : paths) {
        auto result = config::load_config_file(path, plugin_catalog());
        std::string errors;
        for (auto const& error : result.errors)
            errors += error.to_string() + "\n";
        EXPECT_TRUE(result.config.has_value()) << path << ":\n" << errors;
    }
}

} // namespace
} // namespace sb
