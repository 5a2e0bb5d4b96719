// SPDX-License-Identifier: Apache-2.0
// Whether an ntfy topic on the public server is too easy to guess: anyone who guesses it reads
// the pages sent to it.
#pragma once

#include <string_view>

namespace sb::config {

// The public server, where topics are open to anyone who knows the name.
bool is_public_ntfy_server(std::string_view url);

// A topic counts as random enough at 20 characters or more and an estimated 80 bits: each part
// between separators ('-', '_', '.') adds its length times log2 of the size of the character
// classes it uses, except parts of letters only, which may be words and add nothing.
bool ntfy_topic_is_guessable(std::string_view topic);

} // namespace sb::config
