// SPDX-License-Identifier: MIT
#include "redline/report/dbf_text.hpp"

#include <fmt/format.h>
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <set>

#include "redline/io/encoding.hpp"
#include "redline/util/error.hpp"

namespace redline::report {
namespace {

// The characters of `s`, a stray byte counting as one (values are valid UTF-8 by now).
std::vector<std::string> utf8Characters(const std::string& s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = std::max<std::size_t>(1, io::utf8CharacterLength(s, i));
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

// Longest prefix of `utf8` whose encoding fits in maxBytes (characters kept whole).
std::optional<std::string> prefixFitting(const std::string& utf8, const std::string& encoding, std::size_t maxBytes) {
    std::string kept;
    std::size_t bytes = 0;
    for (const std::string& c : utf8Characters(utf8)) {
        auto encoded = encodeAs(c, encoding);
        if (!encoded) return std::nullopt;
        if (bytes + encoded->size() > maxBytes) break;
        bytes += encoded->size();
        kept += c;
    }
    return kept;
}

}  // namespace

std::optional<std::string> encodeAs(const std::string& utf8, const std::string& encoding) {
    if (encoding == "UTF-8") return utf8;
    iconv_t cd = iconv_open(encoding.c_str(), "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) throw OutputError(fmt::format("unknown output encoding {}", encoding));
    std::string in = utf8, out(utf8.size() * 4 + 4, '\0');
    char* inPtr = in.data();
    char* outPtr = out.data();
    std::size_t inLeft = in.size(), outLeft = out.size();
    const std::size_t rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft);
    iconv_close(cd);
    if (rc == static_cast<std::size_t>(-1)) return std::nullopt;
    out.resize(out.size() - outLeft);
    return out;
}

RepresentableText representableIn(const std::string& utf8, const std::string& encoding,
                                  const std::string& replacement) {
    RepresentableText out;
    if (encodeAs(utf8, encoding)) {
        out.text = utf8;
        return out;
    }
    for (const std::string& c : utf8Characters(utf8)) {
        const bool held = encodeAs(c, encoding).has_value();
        out.text += held ? c : replacement;
        out.replaced += held ? 0 : 1;
    }
    return out;
}

std::vector<std::string> dbfFieldNames(const std::vector<std::string>& names, const std::string& encoding) {
    constexpr std::size_t kMaxBytes = 10;
    std::vector<std::string> result;
    std::set<std::string> taken;
    for (const std::string& fullName : names) {
        const std::string name = representableIn(fullName, encoding, "_").text;
        // A short tail after the last '_' (a unit such as _m2 or _pct) is kept whole and the
        // part before it is cut: "water_source_m2" → "water_s_m2", not "water_sour".
        std::optional<std::string> base;
        const std::size_t underscore = name.rfind('_');
        const auto whole = encodeAs(name, encoding);
        if (whole && whole->size() > kMaxBytes && underscore != std::string::npos && underscore > 0 &&
            name.size() - underscore <= 4) {
            const std::string tail = name.substr(underscore);
            auto head = prefixFitting(name.substr(0, underscore), encoding, kMaxBytes - tail.size());
            if (head) {
                while (!head->empty() && head->back() == '_') head->pop_back();
                base = *head + tail;
            }
        }
        if (!base) base = prefixFitting(name, encoding, kMaxBytes);
        std::string candidate = base.value();
        // On a clash, replace the tail with _2, _3, … keeping within 10 bytes.
        for (int n = 2; taken.count(upper(candidate)) != 0; ++n) {
            const std::string suffix = fmt::format("_{}", n);
            candidate = *prefixFitting(*base, encoding, kMaxBytes - suffix.size()) + suffix;
        }
        taken.insert(upper(candidate));
        result.push_back(candidate);
    }
    return result;
}

RepresentableText fitDbfValue(const std::string& utf8, const std::string& encoding, std::size_t maxBytes) {
    RepresentableText value = representableIn(utf8, encoding, "?");
    const std::size_t bytes = encodeAs(value.text, encoding).value().size();
    if (bytes <= maxBytes) return value;
    const std::string ellipsis = encodeAs("…", encoding) ? "…" : "...";
    value.text =
        prefixFitting(value.text, encoding, maxBytes - encodeAs(ellipsis, encoding)->size()).value() + ellipsis;
    value.cut = true;
    return value;
}

}  // namespace redline::report
