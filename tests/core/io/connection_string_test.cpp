// SPDX-License-Identifier: MIT
#include "redline/io/connection_string.hpp"

#include <gtest/gtest.h>

#include "redline/io/source_spec.hpp"

namespace redline::io {
namespace {

TEST(ConnectionString, DatabasePrefixesAreNotFiles) {
    EXPECT_TRUE(isConnectionString("PG:dbname=gis"));
    EXPECT_TRUE(isConnectionString("pg:dbname=gis"));
    EXPECT_TRUE(isConnectionString("postgresql://planner@db/gis"));
    EXPECT_TRUE(isConnectionString("MSSQL:server=.;database=gis"));
    EXPECT_FALSE(isConnectionString("C:/data/sites.shp"));
    EXPECT_FALSE(isConnectionString("PG.shp"));
    EXPECT_FALSE(isConnectionString("/vsizip/a.zip/PG:x.shp"));
    EXPECT_FALSE(isConnectionString("sites.shp"));
}

TEST(ConnectionString, PasswordsAreRedactedInEveryForm) {
    EXPECT_EQ(redactedConnection("PG:host=db dbname=gis user=u password=hunter2 port=5432"),
              "PG:host=db dbname=gis user=u password=*** port=5432");
    EXPECT_EQ(redactedConnection("PG:password='two words' dbname=gis"), "PG:password=*** dbname=gis");
    EXPECT_EQ(redactedConnection("PG:dbname=gis password = x"), "PG:dbname=gis password = ***");
    EXPECT_EQ(redactedConnection("postgresql://u:hunter2@db:5432/gis"), "postgresql://u:***@db:5432/gis");
    EXPECT_EQ(redactedConnection("postgresql://db/gis?user=u&password=hunter2&sslmode=require"),
              "postgresql://db/gis?user=u&password=***&sslmode=require");
    EXPECT_EQ(redactedConnection("MSSQL:server=.;database=gis;UID=u;PWD=hunter2;tables=t"),
              "MSSQL:server=.;database=gis;UID=u;PWD=***;tables=t");
    EXPECT_EQ(redactedConnection("MySQL:gis,user=u,password=hunter2,host=db"), "MySQL:gis,user=u,password=***,host=db");
    // "oldpassword" is not the key "password".
    EXPECT_EQ(redactedConnection("PG:dbname=oldpassword=1"), "PG:dbname=oldpassword=1");
    EXPECT_EQ(redactedConnection("postgresql://u@db/gis"), "postgresql://u@db/gis");
    // libpq ends an unquoted value at white space only, and any white space separates pairs.
    EXPECT_EQ(redactedConnection("PG:dbname=gis password=Ab12,Tail9;Semi8 user=u"),
              "PG:dbname=gis password=*** user=u");
    EXPECT_EQ(redactedConnection("PG:dbname=gis\npassword=x\tuser=u"), "PG:dbname=gis\npassword=***\tuser=u");
    EXPECT_EQ(redactedConnection("PG:password='Pi|pe99x' dbname=gis"), "PG:password=*** dbname=gis");
    EXPECT_EQ(redactedConnection("MSSQL:server=my server;PWD=two words;database=gis"),
              "MSSQL:server=my server;PWD=***;database=gis");
    EXPECT_EQ(redactedConnection("OCI:scott/tiger@orcl"), "OCI:scott/***@orcl");
}

TEST(ConnectionString, LabelsNameTheDatabaseOnly) {
    EXPECT_EQ(connectionLabel("PG:host=/run/pg port=5433 user=u password=x dbname=redline"), "PG:dbname=redline");
    EXPECT_EQ(connectionLabel("PG:dbname='my db' host=x"), "PG:dbname=my db");
    EXPECT_EQ(connectionLabel("PG:host=x password=y"), "PG:host=x password=***");
    EXPECT_EQ(connectionLabel("postgresql://u:pw@/bench?host=/tmp/socket&port=54391"), "PG:dbname=bench");
    EXPECT_EQ(connectionLabel("postgresql://u:pw@db:5432/gis"), "PG:dbname=gis");
    const SourceSpec spec = SourceSpec::parse("PG:host=db dbname=gis password=x|eco.redlines");
    EXPECT_EQ(spec.layer, "eco.redlines");
    EXPECT_EQ(spec.label(), "PG:dbname=gis|eco.redlines");
}

}  // namespace
}  // namespace redline::io
