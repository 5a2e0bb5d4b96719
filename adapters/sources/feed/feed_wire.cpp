// SPDX-License-Identifier: Apache-2.0
// Walks the libxml2 tree of an RSS 2.0 or Atom 1.0 document; no network, no entity expansion.
#include "adapters/sources/feed/feed_wire.hpp"

#include "base/rfc3339.hpp"

#include <date/date.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <regex>
#include <sstream>

namespace sb {

namespace {

constexpr std::string_view atom_namespace = "http://www.w3.org/2005/Atom";
constexpr std::string_view dublin_core_namespace = "http://purl.org/dc/elements/1.1/";

struct DocumentDeleter {
    void operator()(xmlDoc* document) const { xmlFreeDoc(document); }
};

std::string_view name_of(xmlNode const* node) {
    return reinterpret_cast<char const*>(node->name);
}

std::string_view namespace_of(xmlNode const* node) {
    if (node->ns == nullptr || node->ns->href == nullptr)
        return {};
    return reinterpret_cast<char const*>(node->ns->href);
}

bool is_element(xmlNode const* node, std::string_view name, std::string_view ns = {}) {
    return node->type == XML_ELEMENT_NODE && name_of(node) == name &&
           (ns.empty() ? true : namespace_of(node) == ns);
}

std::string trimmed(std::string text) {
    auto const first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    auto const last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

void append_text(xmlNode const* node, std::string& out) {
    if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
        node->content != nullptr)
        out += reinterpret_cast<char const*>(node->content);
}

// The text and CDATA below an element, in document order. Unlike xmlNodeGetContent, a reference
// to an entity the document declares itself stays out: following it is what lets a few kilobytes
// of nested or repeated entities become gigabytes of text. Character references and the five
// predefined entities are already text in the tree, so no feed that means its text loses any.
std::string content_of(xmlNode const* element) {
    std::string text;
    auto const* node = element->children;
    while (node != nullptr) {
        append_text(node, text);
        if (node->type == XML_ELEMENT_NODE && node->children != nullptr) {
            node = node->children;
            continue;
        }
        while (node->next == nullptr) {
            node = node->parent;
            if (node == element || node == nullptr)
                return trimmed(std::move(text));
        }
        node = node->next;
    }
    return trimmed(std::move(text));
}

// An attribute's value, by local name in any namespace as xmlGetProp matches it, with entity
// references left out for the same reason as in content_of.
std::string attribute_of(xmlNode const* element, std::string_view name) {
    for (auto const* attribute = element->properties; attribute != nullptr;
         attribute = attribute->next) {
        if (std::string_view(reinterpret_cast<char const*>(attribute->name)) != name)
            continue;
        std::string text;
        for (auto const* node = attribute->children; node != nullptr; node = node->next)
            append_text(node, text);
        return trimmed(std::move(text));
    }
    return {};
}

// The first child element of that local name; an empty ns matches RSS's unqualified elements.
xmlNode const* child(xmlNode const* parent, std::string_view name, std::string_view ns = {}) {
    for (auto const* node = parent->children; node != nullptr; node = node->next)
        if (node->type == XML_ELEMENT_NODE && name_of(node) == name &&
            (ns.empty() ? node->ns == nullptr || namespace_of(node).empty()
                        : namespace_of(node) == ns))
            return node;
    return nullptr;
}

std::string child_text(xmlNode const* parent, std::string_view name, std::string_view ns = {}) {
    auto const* node = child(parent, name, ns);
    return node ? content_of(node) : std::string{};
}

std::optional<int> rating_of(xmlNode const* entry) {
    for (auto const* node = entry->children; node != nullptr; node = node->next) {
        if (!is_element(node, "rating"))
            continue;
        try {
            auto const value = std::stod(content_of(node));
            auto const rounded = static_cast<int>(std::lround(value));
            if (rounded >= 1 && rounded <= 5)
                return rounded;
        } catch (std::exception const&) {
        }
        return std::nullopt;
    }
    return std::nullopt;
}

Mention base_mention(FeedLabels const& labels) {
    Mention mention;
    mention.source = labels.source;
    mention.platform = labels.platform;
    mention.kind = labels.kind;
    mention.account = labels.account;
    return mention;
}

std::string first_non_empty(std::initializer_list<std::string> candidates) {
    for (auto const& candidate : candidates)
        if (!candidate.empty())
            return candidate;
    return {};
}

std::optional<FeedEntry> rss_item(xmlNode const* item, FeedLabels const& labels,
                                  Instant fallback_time) {
    auto const guid = child_text(item, "guid");
    auto const link = child_text(item, "link");
    auto const title = child_text(item, "title");
    auto const key = first_non_empty({guid, link, title});
    if (key.empty())
        return std::nullopt;
    auto const description = child_text(item, "description");
    auto mention = base_mention(labels);
    mention.external_id = key;
    mention.url = link;
    mention.text =
        title.empty() ? description : (description.empty() ? title : title + "\n" + description);
    mention.author = first_non_empty(
        {child_text(item, "creator", dublin_core_namespace), child_text(item, "author")});
    auto const date = child_text(item, "pubDate");
    auto const parsed = parse_rfc822_date(date);
    mention.created_at = parsed ? *parsed : fallback_time;
    mention.rating = rating_of(item);
    nlohmann::json extra = nlohmann::json::object();
    if (!guid.empty() && guid != key)
        extra["guid"] = guid;
    if (!date.empty() && !parsed)
        extra["pubDate"] = date;
    mention.extra_json = extra.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return FeedEntry{key, std::move(mention)};
}

std::string atom_link(xmlNode const* entry) {
    std::string fallback;
    for (auto const* node = entry->children; node != nullptr; node = node->next) {
        if (!is_element(node, "link", atom_namespace))
            continue;
        auto const rel = attribute_of(node, "rel");
        if (rel.empty() || rel == "alternate")
            return attribute_of(node, "href");
        if (fallback.empty())
            fallback = attribute_of(node, "href");
    }
    return fallback;
}

std::optional<FeedEntry> atom_entry(xmlNode const* entry, FeedLabels const& labels,
                                    Instant fallback_time) {
    auto const id = child_text(entry, "id", atom_namespace);
    auto const link = atom_link(entry);
    auto const title = child_text(entry, "title", atom_namespace);
    auto const key = first_non_empty({id, link, title});
    if (key.empty())
        return std::nullopt;
    auto const summary = first_non_empty({child_text(entry, "summary", atom_namespace),
                                          child_text(entry, "content", atom_namespace)});
    auto mention = base_mention(labels);
    mention.external_id = key;
    mention.url = link;
    mention.text = title.empty() ? summary : (summary.empty() ? title : title + "\n" + summary);
    if (auto const* author = child(entry, "author", atom_namespace))
        mention.author = child_text(author, "name", atom_namespace);
    auto const published = child_text(entry, "published", atom_namespace);
    auto const updated = child_text(entry, "updated", atom_namespace);
    auto const date = parse_rfc3339(published.empty() ? updated : published);
    mention.created_at = date ? *date : fallback_time;
    mention.rating = rating_of(entry);
    nlohmann::json extra = nlohmann::json::object();
    if (!updated.empty())
        extra["updated"] = updated;
    mention.extra_json = extra.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return FeedEntry{key, std::move(mention)};
}

} // namespace

Result<Instant> parse_rfc822_date(std::string_view text) {
    auto const not_a_date = [&] {
        return unexpected(ErrorCode::invalid_argument,
                          "not an RFC 822 date: '" + std::string(text.substr(0, 64)) + "'");
    };
    std::string value = trimmed(std::string(text));
    if (auto const comma = value.find(','); comma != std::string::npos)
        value = trimmed(value.substr(comma + 1));
    // RFC 822 zone names that %z does not read; military zones are too rare to matter.
    constexpr std::array<std::pair<std::string_view, std::string_view>, 10> zones{
        {{"GMT", "+0000"},
         {"UT", "+0000"},
         {"UTC", "+0000"},
         {"Z", "+0000"},
         {"EST", "-0500"},
         {"EDT", "-0400"},
         {"CST", "-0600"},
         {"CDT", "-0500"},
         {"PST", "-0800"},
         {"PDT", "-0700"}}};
    if (auto const space = value.rfind(' '); space != std::string::npos) {
        auto const zone = std::string_view(value).substr(space + 1);
        for (auto const& [name, offset] : zones)
            if (zone == name) {
                value = value.substr(0, space + 1) + std::string(offset);
                break;
            }
    }
    // date::parse itself is undefined behaviour on some malformed times (date 3.0.1): a colon with
    // no digit after it leaves the seconds uninitialised before converting them, and a '-' zone
    // without digits negates minutes::min(). As in base/time.cpp, only text of the shape its
    // two formats read reaches it (what follows the zone, date::parse never reads); the size bound
    // keeps std::regex's recursion shallow.
    static std::regex const shape(R"(^\d{1,2}\s+[A-Za-z]+\s+\d{1,4}\s+\d{1,2}:\d{1,2}(?::\d{1,2})?)"
                                  R"(\s+[+-]\d{2}(?:\d{2})?(?:\s.*)?$)");
    if (value.size() > 64 || !std::regex_match(value, shape))
        return not_a_date();
    for (char const* format : {"%d %b %Y %H:%M:%S %z", "%d %b %Y %H:%M %z"}) {
        std::istringstream in(value);
        date::sys_seconds at;
        in >> date::parse(format, at);
        if (!in.fail())
            return Instant{at};
    }
    return not_a_date();
}

Result<std::vector<FeedEntry>> parse_feed(std::string_view document, FeedLabels const& labels,
                                          Instant fallback_time) {
    // NONET: a feed must not make the parser fetch anything; no NOENT, so entities stay unexpanded.
    constexpr int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    if (document.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        return unexpected(ErrorCode::invalid_argument, "the feed is larger than 2 GiB");
    std::unique_ptr<xmlDoc, DocumentDeleter> parsed(xmlReadMemory(
        document.data(), static_cast<int>(document.size()), nullptr, nullptr, options));
    if (!parsed) {
        auto const* error = xmlGetLastError();
        return unexpected(ErrorCode::invalid_argument,
                          std::string("the feed is not well-formed XML") +
                              (error && error->message ? ": " + trimmed(error->message) : ""));
    }
    auto const* root = xmlDocGetRootElement(parsed.get());
    if (root == nullptr)
        return unexpected(ErrorCode::invalid_argument, "the feed document is empty");

    std::vector<FeedEntry> entries;
    if (is_element(root, "rss")) {
        auto const* channel = child(root, "channel");
        if (channel == nullptr)
            return unexpected(ErrorCode::invalid_argument, "an RSS feed without <channel>");
        for (auto const* node = channel->children; node != nullptr; node = node->next)
            if (is_element(node, "item"))
                if (auto entry = rss_item(node, labels, fallback_time))
                    entries.push_back(std::move(*entry));
        return entries;
    }
    if (is_element(root, "feed", atom_namespace)) {
        for (auto const* node = root->children; node != nullptr; node = node->next)
            if (is_element(node, "entry", atom_namespace))
                if (auto entry = atom_entry(node, labels, fallback_time))
                    entries.push_back(std::move(*entry));
        return entries;
    }
    return unexpected(ErrorCode::invalid_argument,
                      "neither RSS 2.0 (<rss>) nor Atom 1.0 (<feed> in " +
                          std::string(atom_namespace) + "): the root is <" +
                          std::string(name_of(root)) + ">");
}

} // namespace sb
