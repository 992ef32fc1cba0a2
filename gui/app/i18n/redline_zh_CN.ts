<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CheckOutcome</name>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conflict check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conflict · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 ha (%3 亩), %4 % of the site · %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: touches (%2 m², below the minimum)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>within the %1 m buffer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outside the %1 m buffer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 % of the site)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outside all zones</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SiteSketch</name>
    <message>
        <source>line %1: expected two coordinates: &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: not a number: &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a site needs at least 3 points (found %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>redline::viewer::AttributeTableView</name>
    <message>
        <source>Filter: text in any column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom to selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 features</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>redline::viewer::CheckDialog</name>
    <message>
        <source>Check conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category / zone field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone name / fixed category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not used)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>subjects (sites checked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>constraints (control zones)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zones (reporting units)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no rules file: every overlap is a conflict to review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum overlap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give each layer its role in the check:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only one layer can be the subjects (%1 and %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: choose its category field or type one fixed category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: choose the field that names its zones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose the layer of sites to check (role: subjects)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose at least one constraints layer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>redline::viewer::ConflictsModel</name>
    <message>
        <source>prohibited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restricted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 m² (ellipsoidal)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area (ha)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area (亩)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>% of site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Constraint features</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>redline::viewer::ConflictsPanel</name>
    <message>
        <source>Run the conflict check (Analysis → Check conflicts) to list conflicts here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sites checked: %2 in conflict, %3 clear, %4 errors; %5 overlaps</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>redline::viewer::IdentifyPanel</name>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>feature %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>redline::viewer::LayerPanel</name>
    <message>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Style…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom to layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open attribute table</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>redline::viewer::LayerTreeModel</name>
    <message>
        <source>(loading…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
role: %2
CRS: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>redline::viewer::MainWindow</name>
    <message>
        <source>Scale 1:%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 features drawn in %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot load a layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

%2

The other layers are not affected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redline viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 – Redline viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Panels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add layer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save project as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click the site&apos;s corners, double-click to finish: the site is checked at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste site coordinates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom to all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom to selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check conflicts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoning statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop shapefiles, GeoPackages or a project file here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redline projects (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vector data (*.shp *.gpkg *.geojson *.json *.fgb *.kml *.gml *.csv *.tab *.mif *.sqlite);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attributes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers are still loading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot run the check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sites checked: %2 in conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot check the site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The map has no coordinate reference system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>site %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project with constraint layers, or run Analysis → Check conflicts first to choose them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drawn sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste site coordinates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One point per line in the map CRS (%1): &quot;x, y&quot;, or 界址点 lines &quot;J1,1,X,Y&quot; (X north, Y east).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the coordinates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the points do not make a polygon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No drawn sites to save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save drawn sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg);;Shapefile (*.shp);;GeoJSON (*.geojson)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1 sites to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No statistics to compute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing zoning statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statistics failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>redline::viewer::MapDocument</name>
    <message>
        <source>subjects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>constraints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drawn sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>redline::viewer::SitePanel</name>
    <message>
        <source>Choose the draw-a-site tool, click the site&apos;s corners on the map and double-click to finish (right-click or Backspace removes the last corner, Esc starts again). Or paste a coordinate list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste coordinates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save sites as layer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site area: %1 m² = %2 ha = %3 亩 (ellipsoidal)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overlaps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Touches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nearest control zones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lies in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>redline::viewer::StatsPanel</name>
    <message>
        <source>Compute zoning statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area (ha)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area (亩)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>% of zone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>redline::viewer::StyleDialog</name>
    <message>
        <source>Style of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Single colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Categorized</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no labels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Symbology</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outline width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label size</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
