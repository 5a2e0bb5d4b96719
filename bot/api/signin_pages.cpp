// SPDX-License-Identifier: Apache-2.0
// HTML for signing in and out: self-contained, no script, no inline style.
#include "bot/api/signin_pages.hpp"

#include "base/text.hpp"

#include <cctype>
#include <cstdlib>
#include <optional>

namespace sb {
namespace {

struct Texts {
    char const* lang;
    char const* title;
    char const* signin_heading;
    char const* signin_intro;
    char const* signin_button;
    char const* refused_heading;
    char const* refused_text;
    char const* help_heading;
    char const* help_text;
    char const* signed_out_heading;
    char const* signed_out_text;
};

constexpr Texts english{
    "en",
    "switchboard",
    "Sign in to switchboard",
    "This link signs you in to the rota page. It works once, for a few minutes.",
    "Sign in",
    "This sign-in link cannot be used",
    "The link was already used or has expired. Send <code>web</code> to the bot in chat for a "
    "new one.",
    "Sign in through chat",
    "To open the rota page, send <code>web</code> to the bot in chat. It answers with a sign-in "
    "link in a direct message.",
    "You are signed out",
    "To sign in again, send <code>web</code> to the bot in chat.",
};

constexpr Texts german{
    "de",
    "switchboard",
    "Bei switchboard anmelden",
    "Dieser Link meldet dich auf der Dienstplan-Seite an. Er gilt einmal und nur wenige Minuten.",
    "Anmelden",
    "Dieser Anmeldelink ist nicht mehr gültig",
    "Der Link wurde schon benutzt oder ist abgelaufen. Schick dem Bot im Chat <code>web</code>, "
    "um einen neuen zu bekommen.",
    "Anmeldung über den Chat",
    "Um die Dienstplan-Seite zu öffnen, schick dem Bot im Chat <code>web</code>. Er antwortet "
    "mit einem Anmeldelink in einer Direktnachricht.",
    "Du bist abgemeldet",
    "Um dich wieder anzumelden, schick dem Bot im Chat <code>web</code>.",
};

Texts const& texts_of(PageStyle const& style) {
    return style.language == PageLanguage::german ? german : english;
}

std::string page(PageStyle const& style, char const* heading, std::string const& content) {
    auto const& texts = texts_of(style);
    std::string out = "<!doctype html>\n<html lang=\"";
    out += texts.lang;
    out += "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"referrer\" content=\"no-referrer\">\n<title>";
    out += texts.title;
    out += "</title>\n";
    if (!style.stylesheet.empty())
        out += "<link rel=\"stylesheet\" href=\"" + html_escape(style.stylesheet) + "\">\n";
    out += "</head>\n<body>\n<main class=\"signin\">\n<h1>";
    out += heading;
    out += "</h1>\n";
    out += content;
    out += "</main>\n</body>\n</html>\n";
    return out;
}

std::string paragraph(char const* text) {
    return std::string("<p>") + text + "</p>\n";
}

} // namespace

PageLanguage page_language(std::string_view header) {
    // The first tag with the highest weight wins; "de-AT;q=0.9" counts as German.
    double best_weight = 0;
    PageLanguage best = PageLanguage::english;
    while (!header.empty()) {
        auto const comma = header.find(',');
        auto entry = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        while (!entry.empty() && entry.front() == ' ')
            entry.remove_prefix(1);
        double weight = 1;
        if (auto const semicolon = entry.find(';'); semicolon != std::string_view::npos) {
            auto const parameter = entry.substr(semicolon + 1);
            if (auto const q = parameter.find("q="); q != std::string_view::npos)
                weight = std::strtod(std::string(parameter.substr(q + 2)).c_str(), nullptr);
            entry = entry.substr(0, semicolon);
        }
        auto const tag = entry.substr(0, entry.find('-'));
        auto const is = [&](std::string_view code) {
            if (tag.size() != code.size())
                return false;
            for (std::size_t i = 0; i < code.size(); ++i)
                if (std::tolower(static_cast<unsigned char>(tag[i])) != code[i])
                    return false;
            return true;
        };
        std::optional<PageLanguage> language;
        if (is("de"))
            language = PageLanguage::german;
        else if (is("en"))
            language = PageLanguage::english;
        if (language && weight > best_weight) {
            best_weight = weight;
            best = *language;
        }
    }
    return best;
}

std::string signin_form_page(PageStyle const& style, std::string_view secret) {
    auto const& texts = texts_of(style);
    std::string form = paragraph(texts.signin_intro);
    form += "<form method=\"post\" action=\"/web/signin\">\n<input type=\"hidden\" name=\"t\" "
            "value=\"" +
            html_escape(secret) + "\">\n<button type=\"submit\">" + texts.signin_button +
            "</button>\n</form>\n";
    return page(style, texts.signin_heading, form);
}

std::string signin_refused_page(PageStyle const& style) {
    auto const& texts = texts_of(style);
    return page(style, texts.refused_heading, paragraph(texts.refused_text));
}

std::string signin_help_page(PageStyle const& style) {
    auto const& texts = texts_of(style);
    return page(style, texts.help_heading, paragraph(texts.help_text));
}

std::string signed_out_page(PageStyle const& style) {
    auto const& texts = texts_of(style);
    return page(style, texts.signed_out_heading, paragraph(texts.signed_out_text));
}

} // namespace sb
