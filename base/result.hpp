// SPDX-License-Identifier: Apache-2.0
// Errors as values: Error and Result<T>, spelled like std::expected so it can become an alias.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace sb {

enum class ErrorCode {
    invalid_argument, // the caller sent something malformed
    not_found,        // the thing named does not exist
    conflict,         // the state changed under the caller (e.g. already claimed)
    forbidden,        // the actor may not do this
    unauthorized,     // missing or wrong credentials or signature
    too_large,        // over a size limit
    rate_limited,     // over a rate limit; try later
    unavailable,      // a dependency (store, remote service) failed; try later
    internal,         // a bug
};

struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message; // for the person who caused it
    std::string context; // where: a file and line, a JSON path, a field name

    std::string to_string() const { return context.empty() ? message : context + ": " + message; }
};

inline Error make_error(ErrorCode code, std::string message, std::string context = {}) {
    return Error{code, std::move(message), std::move(context)};
}

template <typename E> struct Unexpected { E value; };
inline Unexpected<Error> unexpected(Error e) {
    return {std::move(e)};
}
inline Unexpected<Error> unexpected(ErrorCode code, std::string message, std::string context = {}) {
    return {Error{code, std::move(message), std::move(context)}};
}

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_value(std::in_place_index<0>, std::move(value)) {}
    Result(Unexpected<Error> error) : m_value(std::in_place_index<1>, std::move(error.value)) {}
    Result(Error error) : m_value(std::in_place_index<1>, std::move(error)) {}

    bool has_value() const { return m_value.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & {
        assert(has_value());
        return std::get<0>(m_value);
    }
    T const& value() const& {
        assert(has_value());
        return std::get<0>(m_value);
    }
    // By value, not T&&: `for (auto& x : read().value())` must not loop over a destroyed result.
    T value() && {
        assert(has_value());
        return std::get<0>(std::move(m_value));
    }
    T* operator->() { return &value(); }
    T const* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    T const& operator*() const& { return value(); }
    T operator*() && { return std::move(*this).value(); }

    Error const& error() const& {
        assert(!has_value());
        return std::get<1>(m_value);
    }
    Error error() && {
        assert(!has_value());
        return std::get<1>(std::move(m_value));
    }

    template <typename U> T value_or(U&& fallback) const& {
        return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

private:
    std::variant<T, Error> m_value;
};

template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Unexpected<Error> error) : m_error(std::move(error.value)), m_failed(true) {}
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}

    bool has_value() const { return !m_failed; }
    explicit operator bool() const { return has_value(); }
    void value() const { assert(has_value()); }
    Error const& error() const& {
        assert(m_failed);
        return m_error;
    }
    Error&& error() && {
        assert(m_failed);
        return std::move(m_error);
    }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace sb

// Propagates an error from an expression that yields a Result; evaluates to its value otherwise.
#define SB_TRY(expr)                                                                               \
    ({                                                                                             \
        auto _sb_result = (expr);                                                                  \
        if (!_sb_result.has_value())                                                               \
            return ::sb::unexpected(std::move(_sb_result).error());                                \
        std::move(_sb_result).value();                                                             \
    })
