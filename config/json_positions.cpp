// SPDX-License-Identifier: Apache-2.0
// A small scanner over JSON-with-comments text that records where each value is written.
#include "config/json_positions.hpp"

#include <cstdint>

namespace sb::config {

std::string pointer_token(std::string_view key) {
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

int SourcePositions::line_of(std::string const& path) const {
    std::string current = path;
    while (true) {
        if (auto found = lines.find(current); found != lines.end())
            return found->second;
        if (current.empty())
            return 1;
        current.erase(current.rfind('/'));
    }
}

namespace {

void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

class Scanner {
public:
    explicit Scanner(std::string_view text) : m_text(text) {}

    SourcePositions run() {
        skip_space();
        m_result.lines[""] = m_line;
        value("", 0);
        return std::move(m_result);
    }

private:
    // Deeper nesting than any config needs; it keeps hostile input from exhausting the stack.
    static constexpr int max_depth = 200;

    bool at_end() const { return m_pos >= m_text.size(); }
    char peek() const { return at_end() ? '\0' : m_text[m_pos]; }

    void advance() {
        if (at_end())
            return;
        if (m_text[m_pos] == '\n')
            ++m_line;
        ++m_pos;
    }

    void skip_space() {
        while (!at_end()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                advance();
            } else if (c == '/' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '/') {
                while (!at_end() && peek() != '\n')
                    advance();
            } else if (c == '/' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '*') {
                advance();
                advance();
                while (!at_end() &&
                       !(peek() == '*' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '/'))
                    advance();
                advance();
                advance();
            } else {
                return;
            }
        }
    }

    unsigned hex4() {
        unsigned code = 0;
        for (int i = 0; i < 4 && !at_end(); ++i) {
            char c = peek();
            code <<= 4;
            if (c >= '0' && c <= '9')
                code |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f')
                code |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                code |= static_cast<unsigned>(c - 'A' + 10);
            advance();
        }
        return code;
    }

    // Reads a string starting at its opening quote and returns it decoded, so that keys with
    // escapes map to the same pointer the parsed document uses.
    std::string string() {
        std::string out;
        advance();
        while (!at_end() && peek() != '"') {
            char c = peek();
            advance();
            if (c != '\\') {
                out += c;
                continue;
            }
            char escaped = peek();
            advance();
            switch (escaped) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'u': {
                std::uint32_t code = hex4();
                if (code >= 0xD800 && code < 0xDC00 && peek() == '\\' &&
                    m_pos + 1 < m_text.size() && m_text[m_pos + 1] == 'u') {
                    advance();
                    advance();
                    std::uint32_t low = hex4();
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                }
                append_utf8(out, code);
                break;
            }
            default:
                out += escaped;
            }
        }
        advance();
        return out;
    }

    void value(std::string const& path, int depth) {
        skip_space();
        if (depth > max_depth)
            return;
        char c = peek();
        if (c == '{') {
            object(path, depth);
        } else if (c == '[') {
            array(path, depth);
        } else if (c == '"') {
            string();
        } else {
            // A number or literal: everything up to the next delimiter.
            while (!at_end()) {
                c = peek();
                if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\t' ||
                    c == '\r' || c == '/')
                    break;
                advance();
            }
        }
    }

    void object(std::string const& path, int depth) {
        advance();
        std::map<std::string, int> seen;
        while (true) {
            skip_space();
            if (at_end())
                return;
            if (peek() == '}') {
                advance();
                return;
            }
            if (peek() == ',') {
                advance();
                continue;
            }
            if (peek() != '"')
                return; // malformed: stop rather than guess
            int key_line = m_line;
            std::string member = path + "/" + pointer_token(string());
            if (auto [where, inserted] = seen.emplace(member, key_line); !inserted)
                m_result.duplicates.push_back({member, key_line, where->second});
            // The parser keeps the last of repeated keys, so the last one's line is the useful one.
            m_result.lines[member] = key_line;
            skip_space();
            if (peek() != ':')
                return;
            advance();
            std::size_t before = m_pos;
            value(member, depth + 1);
            if (m_pos == before && peek() != ',' && peek() != '}')
                return;
        }
    }

    void array(std::string const& path, int depth) {
        advance();
        std::size_t index = 0;
        while (true) {
            skip_space();
            if (at_end())
                return;
            if (peek() == ']') {
                advance();
                return;
            }
            if (peek() == ',') {
                advance();
                continue;
            }
            std::string element = path + "/" + std::to_string(index++);
            m_result.lines[element] = m_line;
            std::size_t before = m_pos;
            value(element, depth + 1);
            if (m_pos == before)
                return;
        }
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    int m_line = 1;
    SourcePositions m_result;
};

} // namespace

SourcePositions scan_positions(std::string_view text) {
    return Scanner(text).run();
}

} // namespace sb::config
