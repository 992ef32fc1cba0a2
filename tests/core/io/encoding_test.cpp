// SPDX-License-Identifier: MIT
// Attribute encodings of Chinese shapefiles: .cpg honoured, GBK detected without one, override.
#include "redline/io/encoding.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "redline/io/vector_source.hpp"
#include "redline/util/error.hpp"
#include "testing.hpp"

namespace redline::io {
namespace {

namespace fs = std::filesystem;

const std::string kName = "生态保护红线核心区";
const std::string kSquare = "POLYGON((118 31,118.01 31,118.01 31.01,118 31.01,118 31))";

// A shapefile with Chinese field name and value, written in `encoding`, then stripped of its
// .cpg and language driver byte, as many files planners receive are.
std::string chineseShapefile(const testing::TempDir& dir, const std::string& encoding, bool keepCpg) {
    const std::string path = dir.file("zones.shp");
    testing::LayerOptions options;
    options.driver = "ESRI Shapefile";
    options.layer = "zones";
    options.creationOptions = {"ENCODING=" + encoding};
    testing::writeLayer(path, {{"名称"}, {"code"}}, {{kSquare, {kName, "A1"}}}, options);
    if (!keepCpg) fs::remove(dir.file("zones.cpg"));
    std::fstream dbf(dir.file("zones.dbf"), std::ios::in | std::ios::out | std::ios::binary);
    dbf.seekp(29);
    dbf.put('\0');
    return path;
}

std::string firstName(const std::string& path, const std::string& encodingOverride = "") {
    SourceSpec spec;
    spec.path = path;
    spec.encoding = encodingOverride;
    VectorSource src = VectorSource::open(spec);
    const int field = src.requireField("名称", "name field", "");
    OGRFeatureUniquePtr f(src.layer().GetNextFeature());
    return f->GetFieldAsString(field);
}

TEST(Encoding, ByteClassifiers) {
    EXPECT_TRUE(isValidUtf8("生态"));
    EXPECT_FALSE(isValidUtf8("\xC9\xFA\xCC\xAC"));  // 生态 in GBK
    EXPECT_EQ(gb18030Class("\xC9\xFA\xCC\xAC"), 2);
    EXPECT_EQ(gb18030Class("\x81\x30\x81\x30"), 4);  // a four-byte GB18030 sequence
    EXPECT_EQ(gb18030Class("\x80\x41"), 0);
    EXPECT_EQ(gb18030Class("abc"), 2);
}

TEST(Encoding, GbkWithoutCpgIsDetected) {
    testing::TempDir dir;
    const std::string path = chineseShapefile(dir, "CP936", false);
    const EncodingInfo e = resolveEncoding(path, "");
    EXPECT_EQ(e.encoding, "CP936");
    EXPECT_NE(e.how.find("detected"), std::string::npos) << e.how;
    EXPECT_EQ(firstName(path), kName);  // the field name 名称 is found too: it is GBK as well
}

TEST(Encoding, Utf8WithoutCpgIsDetected) {
    testing::TempDir dir;
    const std::string path = chineseShapefile(dir, "UTF-8", false);
    EXPECT_EQ(resolveEncoding(path, "").encoding, "UTF-8");
    EXPECT_EQ(firstName(path), kName);
}

// The GBK shapefile with a .cpg saying `cpg`: the encoding chosen, and that the names decode.
void expectGbkWithCpg(const std::string& cpg, const std::string& how) {
    testing::TempDir dir;
    const std::string path = chineseShapefile(dir, "CP936", false);
    std::ofstream(dir.file("zones.cpg")) << cpg;
    const EncodingInfo e = resolveEncoding(path, "");
    EXPECT_EQ(e.encoding, "CP936") << cpg;
    EXPECT_EQ(e.how, how) << cpg;
    EXPECT_EQ(firstName(path), kName) << cpg;
}

TEST(Encoding, CpgFileIsHonoured) { expectGbkWithCpg("GBK", ".cpg file"); }

TEST(Encoding, ACpgNamingNoEncodingIsSetAsideForTheBytes) {
    // iconv does not know the name, so GDAL would hand out the raw GBK bytes: every Chinese name
    // garbled and the name field not found.
    expectGbkWithCpg("NO-SUCH-CODEPAGE\r\n",
                     "detected from the attribute bytes; zones.cpg names \"NO-SUCH-CODEPAGE\", not an encoding");
}

TEST(Encoding, ArcGisCodePageNumbersAreWindowsCodePages) {
    testing::TempDir dir;
    const std::string path = chineseShapefile(dir, "CP936", false);
    for (const char* cpg : {"936", "ANSI 936", "1252", "ANSI 1252"}) {
        std::ofstream(dir.file("zones.cpg")) << cpg;
        const EncodingInfo e = resolveEncoding(path, "");
        EXPECT_EQ(e.encoding, std::string(cpg).find("936") != std::string::npos ? "CP936" : "CP1252") << cpg;
        EXPECT_EQ(e.how, ".cpg file") << cpg;
    }
}

TEST(Encoding, ACpgWithAByteOrderMarkIsRead) { expectGbkWithCpg("\xEF\xBB\xBFGBK\r\n", ".cpg file"); }

// A shapefile of one name in `encoding`, with the .cpg `cpg` (none when empty) and no language driver.
std::string namedShapefile(const testing::TempDir& dir, const std::string& encoding, const std::string& name,
                           const std::string& cpg) {
    const std::string path = dir.file("sites.shp");
    testing::LayerOptions options;
    options.driver = "ESRI Shapefile";
    options.creationOptions = {"ENCODING=" + encoding};
    testing::writeLayer(path, {{"名称"}}, {{kSquare, {name}}}, options);
    fs::remove(dir.file("sites.cpg"));
    if (!cpg.empty()) std::ofstream(dir.file("sites.cpg")) << cpg;
    std::fstream dbf(dir.file("sites.dbf"), std::ios::in | std::ios::out | std::ios::binary);
    dbf.seekp(29);
    dbf.put('\0');
    return path;
}

TEST(Encoding, ACpgTheBytesContradictGivesWayWithAWarning) {
    {
        // ArcGIS-style "UTF-8" .cpg over GBK bytes: read as UTF-8, every name would be "�".
        testing::TempDir dir;
        const std::string path = chineseShapefile(dir, "CP936", false);
        std::ofstream(dir.file("zones.cpg")) << "UTF-8";
        const EncodingInfo e = resolveEncoding(path, "");
        EXPECT_EQ(e.encoding, "CP936");
        EXPECT_NE(e.warning.find("says UTF-8"), std::string::npos) << e.warning;
        EXPECT_EQ(firstName(path), kName);
    }
    {
        // The reverse: UTF-8 bytes under a GBK .cpg.
        testing::TempDir dir;
        const std::string path = chineseShapefile(dir, "UTF-8", false);
        std::ofstream(dir.file("zones.cpg")) << "GBK";
        const EncodingInfo e = resolveEncoding(path, "");
        EXPECT_EQ(e.encoding, "UTF-8");
        EXPECT_NE(e.warning.find("says CP936"), std::string::npos) << e.warning;
        EXPECT_EQ(firstName(path), kName);
    }
    {
        // A label the bytes agree with says nothing.
        testing::TempDir dir;
        const std::string path = chineseShapefile(dir, "CP936", false);
        std::ofstream(dir.file("zones.cpg")) << "936";
        EXPECT_EQ(resolveEncoding(path, "").warning, "");
    }
}

TEST(Encoding, Gb18030CharactersUnderAGbkLabelAreRead) {
    // 𠀀 and 䶮 exist only in GB18030 (four bytes each); decoded as GBK they garble their neighbours.
    const std::string name = "𠀀䶮村老山生态旅游项目";
    for (const char* label : {"GBK", ""}) {
        testing::TempDir dir;
        const std::string path = namedShapefile(dir, "GB18030", name, label);
        EXPECT_EQ(resolveEncoding(path, "").encoding, "GB18030") << label;
        EXPECT_EQ(firstName(path), name) << label;
    }
}

TEST(Encoding, ShortGbkValuesAreNotTakenForUtf8) {
    // 住宅 in GBK (D7A1 D5AC) is also valid UTF-8, but reads so as Hebrew and Armenian.
    for (const char* name : {"住宅", "山", "太平"}) {
        testing::TempDir dir;
        const std::string path = namedShapefile(dir, "CP936", name, "");
        EXPECT_EQ(resolveEncoding(path, "").encoding, "CP936") << name;
        EXPECT_EQ(firstName(path), name);
    }
    // Accented Latin in UTF-8 stays UTF-8.
    testing::TempDir dir;
    const std::string path = namedShapefile(dir, "UTF-8", "Zürich", "");
    EXPECT_EQ(resolveEncoding(path, "").encoding, "UTF-8");
}

TEST(Encoding, AnOverrideNamingNoEncodingIsRefused) {
    testing::TempDir dir;
    const std::string path = chineseShapefile(dir, "CP936", false);
    try {
        static_cast<void>(resolveEncoding(path, "GBKK"));
        FAIL() << "an unknown encoding was accepted";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(),
                     "zones.shp: encoding=GBKK is not an encoding this system knows (CP936, GB18030, UTF-8 "
                     "and the like)");
    }
}

TEST(Encoding, AGbkCsvIsReadThroughAUtf8Copy) {
    // Excel on a Chinese Windows saves CSV in GBK; GDAL's CSV driver reads only UTF-8.
    testing::TempDir dir;
    const std::string gbkName = "\xC9\xFA\xCC\xAC\xB1\xA3\xBB\xA4\xBA\xEC\xCF\xDF\xBA\xCB\xD0\xC4\xC7\xF8";  // kName
    std::ofstream(dir.file("zones.csv"), std::ios::binary)
        << "WKT,\xC3\xFB\xB3\xC6,code\n\"" << kSquare << "\"," << gbkName << ",A1\n";  // 名称
    SourceSpec spec;
    spec.path = dir.file("zones.csv");
    {
        VectorSource src = VectorSource::open(spec);
        EXPECT_EQ(src.encoding().encoding, "CP936");
        EXPECT_EQ(src.encoding().how, "detected from the text bytes; read through a UTF-8 copy");
        EXPECT_EQ(src.layerName(), "zones");
        const int field = src.requireField("名称", "name field", "");
        OGRFeatureUniquePtr f(src.layer().GetNextFeature());
        ASSERT_TRUE(f);
        EXPECT_EQ(std::string(f->GetFieldAsString(field)), kName);
        EXPECT_NE(f->GetGeometryRef(), nullptr);
    }
    // Bytes that are neither UTF-8 nor GBK: refused, naming the file.
    std::ofstream(dir.file("junk.csv"), std::ios::binary) << "WKT,name\n\"" << kSquare << "\",\xFF\xFE\x80\n";
    spec.path = dir.file("junk.csv");
    EXPECT_THROW(static_cast<void>(VectorSource::open(spec)), InputError);
}

TEST(Encoding, AGbkGeoJsonIsReadThroughAUtf8CopyAndAnOverrideIsApplied) {
    // GDAL reads GeoJSON only as UTF-8: "encoding=GBK" was reported as applied and ignored.
    testing::TempDir dir;
    const std::string gbkName = "\xC9\xFA\xCC\xAC\xB1\xA3\xBB\xA4\xBA\xEC\xCF\xDF\xBA\xCB\xD0\xC4\xC7\xF8";  // kName
    std::ofstream(dir.file("zones.geojson"), std::ios::binary)
        << "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\""
        << "\xC3\xFB\xB3\xC6\":\"" << gbkName  // 名称
        << "\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[118,31]}}]}";
    EXPECT_EQ(firstName(dir.file("zones.geojson")), kName);
    EXPECT_EQ(firstName(dir.file("zones.geojson"), "GBK"), kName);
}

TEST(Encoding, UserOverrideWins) {
    testing::TempDir dir;
    const std::string path = chineseShapefile(dir, "CP936", false);
    const EncodingInfo e = resolveEncoding(path, "GB18030");
    EXPECT_EQ(e.encoding, "GB18030");
    EXPECT_EQ(e.how, "user override");
    EXPECT_EQ(firstName(path, "GB18030"), kName);
    // Read as Latin-1 the GBK bytes become other characters, so the field is not even found.
    EXPECT_THROW(static_cast<void>(firstName(path, "ISO-8859-1")), std::exception);
}

TEST(Encoding, AsciiOnlyNeedsNoDecision) {
    testing::TempDir dir;
    const std::string path = dir.file("plain.shp");
    testing::LayerOptions options;
    options.driver = "ESRI Shapefile";
    testing::writeLayer(path, {{"name"}}, {{kSquare, {"abc"}}}, options);
    fs::remove(dir.file("plain.cpg"));
    EXPECT_EQ(resolveEncoding(path, "").how, "detected (ASCII only)");
}

TEST(Encoding, OtherFormatsAreUtf8) {
    EXPECT_EQ(resolveEncoding("x.gpkg", "").encoding, "UTF-8");
    EXPECT_EQ(resolveEncoding("x.geojson", "").how, "format default");
}

}  // namespace
}  // namespace redline::io
