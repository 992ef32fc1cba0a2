// SPDX-License-Identifier: MIT
#include "redline/io/encoding.hpp"

#include <cpl_string.h>
#include <fmt/format.h>
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <vector>

#include "redline/util/error.hpp"

namespace redline::io {
namespace fs = std::filesystem;

namespace {

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

// A sibling file with another extension, matching case-insensitively (SITES.DBF, sites.Cpg).
fs::path sibling(const fs::path& path, const std::string& ext) {
    fs::path candidate = path;
    candidate.replace_extension(ext);
    if (fs::exists(candidate)) return candidate;
    std::error_code ec;
    const std::string stem = upper(path.stem().string());
    for (const auto& entry : fs::directory_iterator(path.parent_path().empty() ? "." : path.parent_path(), ec)) {
        if (upper(entry.path().stem().string()) == stem && upper(entry.path().extension().string()) == upper(ext)) {
            return entry.path();
        }
    }
    return {};
}

std::string trim(std::string s) {
    const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    return s;
}

std::string normaliseCodePage(std::string cpg) {
    if (cpg.rfind("\xEF\xBB\xBF", 0) == 0) cpg.erase(0, 3);  // Notepad saves a .cpg with a BOM
    cpg = upper(trim(cpg));
    if (cpg == "UTF8" || cpg == "UTF-8" || cpg == "65001") return "UTF-8";
    if (cpg == "936" || cpg == "GBK" || cpg == "CP936" || cpg == "GB2312" || cpg == "ANSI 936") return "CP936";
    if (cpg == "54936" || cpg == "GB18030") return "GB18030";
    if (cpg == "950" || cpg == "BIG5") return "CP950";
    // ArcGIS writes Windows code pages as a number ("1252") or "ANSI 1252"; iconv calls them CP1252.
    if (cpg.rfind("ANSI ", 0) == 0) cpg = cpg.substr(5);
    if (!cpg.empty() && std::all_of(cpg.begin(), cpg.end(), [](unsigned char c) { return std::isdigit(c); }))
        return "CP" + cpg;
    return cpg;
}

// GDAL converts attributes with iconv: a name iconv does not know leaves the raw bytes
// unconverted (mojibake in every name), so it must not be passed on.
bool iconvKnows(const std::string& encoding) {
    const iconv_t converter = iconv_open("UTF-8", encoding.c_str());
    if (converter == reinterpret_cast<iconv_t>(-1)) return false;
    iconv_close(converter);
    return true;
}

// DBF language driver ids that name an encoding we should trust for Chinese data.
std::string codePageFromLdid(std::uint8_t ldid) {
    switch (ldid) {
        case 0x4D:
            return "CP936";
        case 0x7A:
            return "CP936";
        case 0x4E:
            return "CP949";
        case 0x4F:
            return "CP950";
        case 0x78:
            return "CP950";
        case 0x13:
            return "CP932";
        case 0x7B:
            return "CP932";
        default:
            return {};
    }
}

struct DbfValue {
    std::string text;
    bool fillsField = false;  // only then may its last character have been cut short
};

struct DbfSample {
    std::uint8_t ldid = 0;
    std::vector<DbfValue> values;  // field names and non-empty text values
};

DbfSample sampleDbf(const fs::path& dbf) {
    DbfSample sample;
    std::ifstream in(dbf, std::ios::binary);
    std::vector<unsigned char> header(32);
    if (!in.read(reinterpret_cast<char*>(header.data()), 32)) return sample;
    sample.ldid = header[29];
    const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(header[i]); };
    const std::uint32_t records = byte(4) | (byte(5) << 8) | (byte(6) << 16) | (byte(7) << 24);
    const std::size_t headerLength = byte(8) | (byte(9) << 8);
    const std::size_t recordLength = byte(10) | (byte(11) << 8);
    if (headerLength < 33 || recordLength == 0) return sample;

    std::vector<unsigned char> descriptors(headerLength - 32);
    if (!in.read(reinterpret_cast<char*>(descriptors.data()), static_cast<std::streamsize>(descriptors.size()))) {
        return sample;
    }
    std::vector<std::pair<char, std::size_t>> fields;  // type, width
    for (std::size_t off = 0; off + 32 <= descriptors.size() && descriptors[off] != 0x0D; off += 32) {
        std::string name(reinterpret_cast<const char*>(&descriptors[off]), 11);
        name = name.substr(0, name.find('\0'));
        const bool full = name.size() >= 10;  // names are cut at 10 bytes, mid-character if need be
        sample.values.push_back({name, full});
        fields.emplace_back(static_cast<char>(descriptors[off + 11]), descriptors[off + 16]);
    }
    // A few thousand records are plenty to tell the encodings apart.
    const std::uint32_t maxRecords = std::min<std::uint32_t>(records, 5000);
    std::vector<char> record(recordLength);
    for (std::uint32_t r = 0; r < maxRecords && in.read(record.data(), static_cast<std::streamsize>(recordLength));
         ++r) {
        std::size_t pos = 1;  // deletion flag
        for (const auto& [type, width] : fields) {
            if (pos + width > recordLength) break;
            if (type == 'C') {
                std::string value = trim(std::string(&record[pos], width));
                const bool full = record[pos + width - 1] != ' ' && record[pos + width - 1] != '\0';
                if (!value.empty()) sample.values.push_back({std::move(value), full});
            }
            pos += width;
        }
    }
    return sample;
}

bool hasHighBytes(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// DBF fields are byte-truncated: a multi-byte character cut at the field end is not a sign of
// a wrong encoding, so an incomplete sequence at the very end is accepted.
bool validUtf8Prefix(std::string_view s, bool allowTruncatedEnd) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = 0;
        std::uint32_t min = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            min = 0x10000;
        } else {
            return false;
        }
        if (i + len > s.size()) {
            if (!allowTruncatedEnd) return false;
            for (std::size_t k = i + 1; k < s.size(); ++k) {
                if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) return false;
            }
            return true;
        }
        std::uint32_t cp = c & (0xFF >> (len + 1));
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

int gb18030ClassImpl(std::string_view s, bool allowTruncatedEnd) {
    int result = 2;
    std::size_t i = 0;
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    while (i < s.size()) {
        const unsigned char b1 = at(i);
        if (b1 < 0x80) {
            ++i;
            continue;
        }
        if (b1 == 0x80 || b1 == 0xFF) return 0;
        if (i + 1 >= s.size()) return allowTruncatedEnd ? result : 0;
        const unsigned char b2 = at(i + 1);
        if ((b2 >= 0x40 && b2 <= 0x7E) || (b2 >= 0x80 && b2 <= 0xFE)) {
            i += 2;
        } else if (b2 >= 0x30 && b2 <= 0x39) {
            if (i + 3 >= s.size()) return allowTruncatedEnd ? result : 0;
            const unsigned char b3 = at(i + 2), b4 = at(i + 3);
            if (b3 < 0x81 || b3 > 0xFE || b4 < 0x30 || b4 > 0x39) return 0;
            result = 4;
            i += 4;
        } else {
            return 0;
        }
    }
    return result;
}

}  // namespace

bool isValidUtf8(std::string_view bytes) { return validUtf8Prefix(bytes, false); }

std::size_t utf8CharacterLength(std::string_view text, std::size_t at) {
    const auto c = static_cast<unsigned char>(text[at]);
    const std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    return len != 0 && at + len <= text.size() && validUtf8Prefix(text.substr(at, len), false) ? len : 0;
}

std::string replaceInvalidUtf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    std::size_t i = 0;
    while (i < bytes.size()) {
        if (const std::size_t len = utf8CharacterLength(bytes, i); len > 0) {
            out.append(bytes.substr(i, len));
            i += len;
        } else {
            out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
            ++i;
        }
    }
    return out;
}
int gb18030Class(std::string_view bytes) { return gb18030ClassImpl(bytes, false); }

std::string readTextAsUtf8(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(fmt::format("{}: cannot be read", path.string()));
    return textAsUtf8(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()),
                      path.string());
}

std::string textAsUtf8(std::string text, const std::string& source) {
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    if (isValidUtf8(text)) return text;
    // Notepad's "Unicode" is UTF-16 with a byte order mark.
    if (text.rfind("\xFF\xFE", 0) == 0 || text.rfind("\xFE\xFF", 0) == 0)
        throw InputError(fmt::format("{}: the text is UTF-16 (Notepad's \"Unicode\"); save it as UTF-8", source));
    if (gb18030Class(text) == 0) {
        std::string lower = source;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        const bool csv = lower.size() >= 4 && lower.compare(lower.size() - 4, 4, ".csv") == 0;
        throw InputError(fmt::format("{}: the text is neither UTF-8 nor GBK/GB18030{}", source,
                                     csv ? "; save it as UTF-8 (CSV UTF-8 in Excel)"
                                         : ": is it the right file? A text file must be saved as UTF-8"));
    }
    return recodeToUtf8(text, "GB18030");  // decodes GBK too
}

std::string recodeToUtf8(const std::string& text, const std::string& from) {
    char* converted = CPLRecode(text.c_str(), from.c_str(), CPL_ENC_UTF8);
    std::string utf8(converted);
    CPLFree(converted);
    return utf8;
}

namespace {

// Code points of a valid UTF-8 reading, by what they say about the bytes. GBK's two-byte
// characters often form two-byte UTF-8 sequences too (住宅 reads as Hebrew and Armenian), but
// Chinese written in UTF-8 takes three bytes a character.
struct Utf8Reading {
    std::size_t wide = 0;     // U+0800 and above: CJK among them
    std::size_t unusual = 0;  // U+0180–U+07FF: IPA, Greek, Cyrillic, Armenian, Hebrew, Arabic
};

Utf8Reading readUtf8(std::string_view s) {
    Utf8Reading r;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c & 0xF0) == 0xE0 || (c & 0xF8) == 0xF0) {
            ++r.wide;
        } else if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) {
            const std::uint32_t cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
            if (cp >= 0x180) ++r.unusual;
        }
    }
    return r;
}

// How the sampled text values fit each encoding.
struct ByteTally {
    std::size_t nonAscii = 0;    // values with bytes above 0x7F
    std::size_t utf8 = 0;        // … valid as UTF-8
    std::size_t gbk = 0;         // … valid as GBK/GB18030
    std::size_t gb4 = 0;         // … using GB18030's four-byte characters
    std::size_t gbkLooking = 0;  // … valid UTF-8, but read so only as unusual scripts
    std::size_t wideUtf8 = 0;    // three- and four-byte characters in the values valid as UTF-8

    [[nodiscard]] bool allUtf8() const { return utf8 == nonAscii; }
    [[nodiscard]] bool allGbk() const { return gbk == nonAscii; }
    // Bytes that are UTF-8 beyond reasonable doubt: every value valid, none reading as the odd
    // scripts GBK pairs produce, and enough Chinese-width characters that GBK text could not
    // have formed them by chance.
    [[nodiscard]] bool surelyUtf8() const { return allUtf8() && gbkLooking == 0 && wideUtf8 >= 6; }
    [[nodiscard]] std::string gbkName() const { return gb4 > 0 ? "GB18030" : "CP936"; }
};

ByteTally tallyBytes(const DbfSample& sample) {
    ByteTally t;
    for (const DbfValue& v : sample.values) {
        if (!hasHighBytes(v.text)) continue;
        ++t.nonAscii;
        if (validUtf8Prefix(v.text, v.fillsField)) {
            ++t.utf8;
            const Utf8Reading r = readUtf8(v.text);
            if (r.unusual > 0 && r.wide == 0) ++t.gbkLooking;
            t.wideUtf8 += r.wide;
        }
        const int gb = gb18030ClassImpl(v.text, v.fillsField);
        if (gb != 0) ++t.gbk;
        if (gb == 4) ++t.gb4;
    }
    return t;
}

fs::path dbfOf(const fs::path& path, const std::string& ext) { return ext == ".DBF" ? path : sibling(path, ".dbf"); }

// The encoding the bytes alone suggest (no .cpg, no language driver).
EncodingInfo detectFromBytes(const ByteTally& t, const std::string& cpgRemark) {
    if (t.nonAscii == 0) return {"UTF-8", "detected (ASCII only)", true, {}};
    // Valid UTF-8 with high bytes rarely happens by chance in GBK text, so UTF-8 wins ties,
    // unless the UTF-8 reading is only of scripts GBK's pairs produce.
    if (t.allUtf8() && !(t.allGbk() && t.gbkLooking > 0))
        return {"UTF-8", "detected from the attribute bytes", true, {}};
    if (t.allGbk()) return {t.gbkName(), "detected from the attribute bytes; " + cpgRemark, true, {}};
    // Mixed or damaged: take the better-scoring one and say so.
    const std::string guess = t.utf8 >= t.gbk ? "UTF-8" : t.gbkName();
    const std::string how = fmt::format("guessed ({} of {} text values valid; set the encoding if names look wrong)",
                                        std::max(t.utf8, t.gbk), t.nonAscii);
    return {guess, how, true,
            fmt::format("the text encoding was guessed as {}: only {} of {} text values are valid in it, so "
                        "some names may be garbled; state the encoding (a .cpg file, or |encoding=…)",
                        guess, std::max(t.utf8, t.gbk), t.nonAscii)};
}

// A declared encoding (a .cpg, a language driver) checked against the bytes: a file whose text
// cannot be in it is read in the encoding it is in, with a warning, instead of every name garbled.
EncodingInfo checkDeclared(const std::string& declared, const std::string& how, const ByteTally& t) {
    const bool gbkFamily = declared == "CP936" || declared == "GB18030";
    const auto contradicted = [&](const std::string& actual, std::size_t fitting) {
        return EncodingInfo{actual, fmt::format("detected from the attribute bytes; the {} says {}", how, declared),
                            true,
                            fmt::format("the {} says {}, but {} of {} text values are not {} and all are {}: they "
                                        "were read as {}",
                                        how, declared, t.nonAscii - fitting, t.nonAscii, declared, actual, actual)};
    };
    const auto invalid = [&](std::size_t fitting) {
        return EncodingInfo{declared, how, true,
                            fmt::format("{} of {} text values are not valid {} (as the {} says): their "
                                        "characters may show as � or be garbled",
                                        t.nonAscii - fitting, t.nonAscii, declared, how)};
    };
    if (declared == "UTF-8") {
        if (t.allUtf8()) return {declared, how, true, {}};
        if (t.allGbk()) return contradicted(t.gbkName(), t.utf8);
        return invalid(t.utf8);
    }
    if (gbkFamily) {
        if (!t.allGbk()) return t.allUtf8() ? contradicted("UTF-8", t.gbk) : invalid(t.gbk);
        if (t.surelyUtf8()) {
            return {"UTF-8", fmt::format("detected from the attribute bytes; the {} says {}", how, declared), true,
                    fmt::format("the {} says {}, but the text is UTF-8 (read as {} every name would be "
                                "garbled): it was read as UTF-8",
                                how, declared, declared)};
        }
        // GB18030 is GBK's superset: files labelled GBK carry its four-byte characters (rare
        // characters in place names), which GBK decoding would garble with their neighbours.
        if (t.gb4 > 0 && declared == "CP936") return {"GB18030", how + "; GB18030 characters found", true, {}};
    }
    return {declared, how, true, {}};
}

}  // namespace

EncodingInfo resolveEncoding(const fs::path& path, const std::string& override) {
    const std::string ext = upper(path.extension().string());
    const bool shapefile = ext == ".SHP" || ext == ".DBF";
    if (!override.empty()) {
        const std::string encoding = normaliseCodePage(override);
        if (!iconvKnows(encoding)) {
            throw InputError(
                fmt::format("{}: encoding={} is not an encoding this system knows (CP936, GB18030, "
                            "UTF-8 and the like)",
                            path.filename().string(), override));
        }
        return {encoding, "user override", shapefile, {}};
    }
    if (!shapefile) return {"UTF-8", "format default", false, {}};

    const fs::path dbf = dbfOf(path, ext);
    if (dbf.empty()) return {"", "no .dbf", false, {}};
    const DbfSample sample = sampleDbf(dbf);
    const ByteTally tally = tallyBytes(sample);

    // A .cpg naming no known encoding is set aside and the bytes decide, as without one.
    std::string unknownCpg;
    const fs::path cpg = sibling(path, ".cpg");
    if (!cpg.empty()) {
        std::ifstream in(cpg);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string encoding = normaliseCodePage(text);
        if (!encoding.empty() && iconvKnows(encoding)) return checkDeclared(encoding, ".cpg file", tally);
        if (!encoding.empty()) unknownCpg = replaceInvalidUtf8(trim(text));
    }
    const std::string fromLdid = codePageFromLdid(sample.ldid);
    if (!fromLdid.empty())
        return checkDeclared(fromLdid, fmt::format("DBF language driver 0x{:02X}", sample.ldid), tally);

    // Said where the bytes alone decide (a GBK guess), since a .cpg would settle it.
    const std::string cpgRemark =
        unknownCpg.empty() ? "no .cpg"
                           : fmt::format("{} names \"{}\", not an encoding", cpg.filename().string(), unknownCpg);
    EncodingInfo detected = detectFromBytes(tally, cpgRemark);
    if (!unknownCpg.empty() && detected.how.find(cpgRemark) == std::string::npos) detected.how += "; " + cpgRemark;
    return detected;
}

}  // namespace redline::io
