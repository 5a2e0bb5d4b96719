// SPDX-License-Identifier: Apache-2.0
// An estimate of how hard an ntfy topic is to guess, for check-config's warning.
#include "config/ntfy_topic.hpp"

#include <cmath>

namespace sb::config {
namespace {

constexpr std::size_t min_length = 20;
constexpr double min_bits = 80.0;

bool is_separator(char c) {
    return c == '-' || c == '_' || c == '.';
}

double part_bits(std::string_view part) {
    bool lower = false, upper = false, digit = false, other = false;
    for (char c : part) {
        if (c >= 'a' && c <= 'z')
            lower = true;
        else if (c >= 'A' && c <= 'Z')
            upper = true;
        else if (c >= '0' && c <= '9')
            digit = true;
        else
            other = true;
    }
    // Letters alone may be a word ("alerts", "AlicePager"); they count for nothing.
    if (!digit && !other)
        return 0.0;
    double alphabet = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 16 : 0);
    return static_cast<double>(part.size()) * std::log2(alphabet);
}

} // namespace

bool is_public_ntfy_server(std::string_view url) {
    while (!url.empty() && url.back() == '/')
        url.remove_suffix(1);
    return url == "https://ntfy.sh" || url == "http://ntfy.sh" || url == "ntfy.sh";
}

bool ntfy_topic_is_guessable(std::string_view topic) {
    if (topic.size() < min_length)
        return true;
    double bits = 0.0;
    std::size_t start = 0;
    while (start <= topic.size()) {
        auto end = start;
        while (end < topic.size() && !is_separator(topic[end]))
            ++end;
        bits += part_bits(topic.substr(start, end - start));
        start = end + 1;
    }
    return bits < min_bits;
}

} // namespace sb::config
