// SPDX-License-Identifier: Apache-2.0
// The small HTML pages around signing in and out, in English or German.
#pragma once

#include <string>
#include <string_view>

namespace sb {

enum class PageLanguage { english, german };

// The language an Accept-Language header prefers among those the pages speak (English when
// none fits).
PageLanguage page_language(std::string_view accept_language);

// The pages link `stylesheet` when it is not empty; the Content-Security-Policy allows no
// inline style, so they are plain without one.
struct PageStyle {
    PageLanguage language = PageLanguage::english;
    std::string stylesheet; // e.g. "/web/style.css"
};

// The sign-in link's page: a button that posts the link's secret. Opening the link changes
// nothing, so a chat client fetching it for a preview does not use it up.
std::string signin_form_page(PageStyle const& style, std::string_view secret);
// A link that was used, expired or never existed.
std::string signin_refused_page(PageStyle const& style);
// /web/signin without a link, and the page after signing out.
std::string signin_help_page(PageStyle const& style);
std::string signed_out_page(PageStyle const& style);

} // namespace sb
