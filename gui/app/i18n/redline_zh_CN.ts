<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CheckOutcome</name>
    <message>
        <source>prohibited</source>
        <translation>禁止</translation>
    </message>
    <message>
        <source>restricted</source>
        <translation>限制</translation>
    </message>
    <message>
        <source>review</source>
        <translation>需审查</translation>
    </message>
    <message>
        <source>info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>conflict check</source>
        <translation>冲突检查</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>conflict · %1</source>
        <translation>冲突 · %1</translation>
    </message>
    <message>
        <source>clear</source>
        <translation>无冲突</translation>
    </message>
    <message>
        <source>%1: %2 ha (%3 亩), %4 % of the site · %5</source>
        <translation>%1：%2 公顷（%3 亩），占地块 %4 % · %5</translation>
    </message>
    <message>
        <source>%1: touches (%2 m², below the minimum)</source>
        <translation>%1：相接（%2 m²，小于最小重叠面积）</translation>
    </message>
    <message>
        <source>%1: %2 m</source>
        <translation>%1：%2 米</translation>
    </message>
    <message>
        <source>within the %1 m buffer</source>
        <translation>在 %1 米缓冲区内</translation>
    </message>
    <message>
        <source>outside the %1 m buffer</source>
        <translation>在 %1 米缓冲区外</translation>
    </message>
    <message>
        <source>%1 (%2 % of the site)</source>
        <translation>%1（占地块 %2 %）</translation>
    </message>
    <message>
        <source>outside all zones</source>
        <translation>不在任何分区内</translation>
    </message>
    <message>
        <source>within the %1 m buffer, %2 m away</source>
        <translation>在 %1 米缓冲区内，相距 %2 米</translation>
    </message>
</context>
<context>
    <name>ProjectRun</name>
    <message>
        <source>conflicts</source>
        <translation>冲突</translation>
    </message>
</context>
<context>
    <name>QProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>SiteSketch</name>
    <message>
        <source>line %1: a second ring (a hole or another part) starts here; paste one ring, or open the 界址点 file as a layer (File → Open), which keeps holes and parts</source>
        <translation>第 %1 行：此处开始第二个圈（内环或另一部分）；请只粘贴一个圈，或将界址点文件作为图层打开（文件 → 打开），以保留内环和多部分</translation>
    </message>
    <message>
        <source>line %1: expected two coordinates: &quot;%2&quot;</source>
        <translation>第 %1 行：应为两个坐标：“%2”</translation>
    </message>
    <message>
        <source>line %1: not a number: &quot;%2&quot;</source>
        <translation>第 %1 行：不是数字：“%2”</translation>
    </message>
    <message>
        <source>a site needs at least 3 points (found %1)</source>
        <translation>地块至少需要 3 个点（找到 %1 个）</translation>
    </message>
</context>
<context>
    <name>redline::viewer::AttributeTableView</name>
    <message>
        <source>Filter: text in any column</source>
        <translation>筛选：任一列中的文字</translation>
    </message>
    <message>
        <source>Zoom to selection</source>
        <translation>缩放至所选</translation>
    </message>
    <message>
        <source>%1 of %2 features</source>
        <translation>%1 / %2 个要素</translation>
    </message>
</context>
<context>
    <name>redline::viewer::CheckDialog</name>
    <message>
        <source>Check conflicts</source>
        <translation>冲突检查</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Category / zone field</source>
        <translation>类别 / 分区字段</translation>
    </message>
    <message>
        <source>ID field</source>
        <translation>编号字段</translation>
    </message>
    <message>
        <source>Name field</source>
        <translation>名称字段</translation>
    </message>
    <message>
        <source>Zone name / fixed category</source>
        <translation>分区名称 / 固定类别</translation>
    </message>
    <message>
        <source>(not used)</source>
        <translation>（不参与）</translation>
    </message>
    <message>
        <source>subjects (sites checked)</source>
        <translation>检查对象（项目地块）</translation>
    </message>
    <message>
        <source>constraints (control zones)</source>
        <translation>管控要素（管控区）</translation>
    </message>
    <message>
        <source>zones (reporting units)</source>
        <translation>统计单元（分区）</translation>
    </message>
    <message>
        <source>the rules written in the project file</source>
        <translation>项目文件中写明的规则</translation>
    </message>
    <message>
        <source>no rules file: every overlap is a conflict to review</source>
        <translation>无规则文件：每处重叠均作为需审查的冲突</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Rules file</source>
        <translation>规则文件</translation>
    </message>
    <message>
        <source>Rules (*.json)</source>
        <translation>规则 (*.json)</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Minimum overlap</source>
        <translation>最小重叠面积</translation>
    </message>
    <message>
        <source>Run check</source>
        <translation>开始检查</translation>
    </message>
    <message>
        <source>Give each layer its role in the check:</source>
        <translation>为每个图层指定其在检查中的角色：</translation>
    </message>
    <message>
        <source>only one layer can be the subjects (%1 and %2)</source>
        <translation>只能有一个图层作为检查对象（%1 和 %2）</translation>
    </message>
    <message>
        <source>%1: choose its category field or type one fixed category</source>
        <translation>%1：请选择类别字段，或输入一个固定类别</translation>
    </message>
    <message>
        <source>%1: choose the field that names its zones</source>
        <translation>%1：请选择分区名称字段</translation>
    </message>
    <message>
        <source>choose the layer of sites to check (role: subjects)</source>
        <translation>请选择要检查的地块图层（角色：检查对象）</translation>
    </message>
    <message>
        <source>choose at least one constraints layer</source>
        <translation>请至少选择一个管控要素图层</translation>
    </message>
</context>
<context>
    <name>redline::viewer::ConflictsModel</name>
    <message>
        <source>prohibited</source>
        <translation>禁止</translation>
    </message>
    <message>
        <source>restricted</source>
        <translation>限制</translation>
    </message>
    <message>
        <source>review</source>
        <translation>需审查</translation>
    </message>
    <message>
        <source>info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>%1 m² (ellipsoidal)</source>
        <translation>%1 m²（椭球面积）</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>地块</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Area (ha)</source>
        <translation>面积（公顷）</translation>
    </message>
    <message>
        <source>Area (亩)</source>
        <translation>面积（亩）</translation>
    </message>
    <message>
        <source>% of site</source>
        <translation>占地块 %</translation>
    </message>
    <message>
        <source>Zones</source>
        <translation>所在分区</translation>
    </message>
    <message>
        <source>Constraint features</source>
        <translation>管控要素</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>未能检查</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>redline::viewer::ConflictsPanel</name>
    <message>
        <source>Run the conflict check (Analysis → Check conflicts) to list conflicts here.</source>
        <translation>运行冲突检查（分析 → 冲突检查）后，冲突将在此列出。</translation>
    </message>
    <message>
        <source>%1 sites checked: %2 in conflict, %3 clear, %4 errors; %5 overlaps</source>
        <translation>已检查 %1 个地块：%2 个冲突，%3 个无冲突，%4 个错误；共 %5 处重叠</translation>
    </message>
    <message>
        <source>1 constraint or zone feature not used: %1</source>
        <translation>有 1 个管控或分区要素未参与检查：%1</translation>
    </message>
    <message>
        <source>%1 constraint or zone features not used, the first: %2</source>
        <translation>有 %1 个管控或分区要素未参与检查，第一个：%2</translation>
    </message>
</context>
<context>
    <name>redline::viewer::ExportDialog</name>
    <message>
        <source>Export map or report</source>
        <translation>导出地图或报告</translation>
    </message>
    <message>
        <source>Conflict map (PDF, PNG, SVG)</source>
        <translation>冲突图（PDF、PNG、SVG）</translation>
    </message>
    <message>
        <source>Report (HTML, PDF, XLSX)</source>
        <translation>报告（HTML、PDF、XLSX）</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>横向</translation>
    </message>
    <message>
        <source>Whole project</source>
        <translation>整个项目</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突范围</translation>
    </message>
    <message>
        <source>Current view</source>
        <translation>当前视图</translation>
    </message>
    <message>
        <source>A page per site in conflict (atlas)</source>
        <translation>每个冲突地块一页（图集）</translation>
    </message>
    <message>
        <source>Boundary point (界址点) tables</source>
        <translation>界址点坐标表</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Extent</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>PNG resolution</source>
        <translation>PNG 分辨率</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Preparing the preview…</source>
        <translation>正在准备预览…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Preparing the export</source>
        <translation>正在准备导出</translation>
    </message>
    <message>
        <source>The project cannot be exported:
%1</source>
        <translation>无法导出该项目：
%1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PDF (*.pdf);;PNG 图像 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Web page (*.html);;PDF (*.pdf);;Excel workbook (*.xlsx)</source>
        <translation>网页 (*.html);;PDF (*.pdf);;Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>none</source>
        <translation>不列出</translation>
    </message>
    <message>
        <source>The subjects with the most severe and largest conflicts get a section with their own map; all of them are in the report&apos;s table.</source>
        <translation>冲突最严重、面积最大的地块各有一节详情及其冲突图；全部冲突地块均列于报告的汇总表中。</translation>
    </message>
    <message>
        <source>A section for every subject in conflict</source>
        <translation>为每个冲突地块列出详情</translation>
    </message>
    <message>
        <source>Subjects detailed</source>
        <translation>详情地块数</translation>
    </message>
</context>
<context>
    <name>redline::viewer::IdentifyPanel</name>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>feature %1</source>
        <translation>要素 %1</translation>
    </message>
</context>
<context>
    <name>redline::viewer::LayerPanel</name>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Remove layer</source>
        <translation>移除图层</translation>
    </message>
    <message>
        <source>Style…</source>
        <translation>样式…</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Zoom to layer</source>
        <translation>缩放至图层</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <source>Open attribute table</source>
        <translation>打开属性表</translation>
    </message>
</context>
<context>
    <name>redline::viewer::LayerTreeModel</name>
    <message>
        <source>(loading…)</source>
        <translation>（加载中…）</translation>
    </message>
    <message>
        <source>(loading… %1%)</source>
        <translation>（加载中… %1%）</translation>
    </message>
    <message>
        <source>%1
role: %2
CRS: %3</source>
        <translation>%1
角色：%2
坐标系：%3</translation>
    </message>
</context>
<context>
    <name>redline::viewer::MainWindow</name>
    <message>
        <source>Scale 1:%1</source>
        <translation>比例尺 1:%1</translation>
    </message>
    <message>
        <source>%1 features drawn in %2 ms</source>
        <translation>绘制 %1 个要素，用时 %2 毫秒</translation>
    </message>
    <message>
        <source>Cannot load a layer</source>
        <translation>无法加载图层</translation>
    </message>
    <message>
        <source>%1

%2

The other layers are not affected.</source>
        <translation>%1

%2

其他图层不受影响。</translation>
    </message>
    <message>
        <source>Redline viewer</source>
        <translation>Redline 地图浏览器</translation>
    </message>
    <message>
        <source>%1 – Redline viewer</source>
        <translation>%1 – Redline 地图浏览器</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Panels</source>
        <translation>面板</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>Add layer…</source>
        <translation>添加图层…</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Save project as…</source>
        <translation>项目另存为…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Zoom box</source>
        <translation>拉框缩放</translation>
    </message>
    <message>
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <source>Draw site</source>
        <translation>绘制地块</translation>
    </message>
    <message>
        <source>Click the site&apos;s corners, double-click to finish: the site is checked at once</source>
        <translation>单击地块的各个拐点，双击结束：立即核查该地块</translation>
    </message>
    <message>
        <source>Paste site coordinates…</source>
        <translation>粘贴地块坐标…</translation>
    </message>
    <message>
        <source>Zoom to all</source>
        <translation>全图</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom to selection</source>
        <translation>缩放至所选</translation>
    </message>
    <message>
        <source>Check conflicts…</source>
        <translation>冲突检查…</translation>
    </message>
    <message>
        <source>Zoning statistics</source>
        <translation>分区统计</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Site verdict</source>
        <translation>地块核查结论</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Drop shapefiles, GeoPackages or a project file here</source>
        <translation>可将 Shapefile、GeoPackage 或项目文件拖放到此处</translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Redline projects (*.json)</source>
        <translation>Redline 项目 (*.json)</translation>
    </message>
    <message>
        <source>Add layers</source>
        <translation>添加图层</translation>
    </message>
    <message>
        <source>Vector data (*.shp *.gpkg *.geojson *.json *.fgb *.kml *.gml *.csv *.tab *.mif *.sqlite);;All files (*)</source>
        <translation>矢量数据 (*.shp *.gpkg *.geojson *.json *.fgb *.kml *.gml *.csv *.tab *.mif *.sqlite);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Cannot save the project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <source>Attributes: %1</source>
        <translation>属性表：%1</translation>
    </message>
    <message>
        <source>Layers are still loading</source>
        <translation>图层仍在加载</translation>
    </message>
    <message>
        <source>Cannot run the check</source>
        <translation>无法运行检查</translation>
    </message>
    <message>
        <source>Checking conflicts</source>
        <translation>正在检查冲突</translation>
    </message>
    <message>
        <source>The check failed</source>
        <translation>检查失败</translation>
    </message>
    <message>
        <source>Check cancelled</source>
        <translation>检查已取消</translation>
    </message>
    <message>
        <source>conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>%1 sites checked: %2 in conflict</source>
        <translation>已检查 %1 个地块：%2 个存在冲突</translation>
    </message>
    <message>
        <source>Cannot check the site</source>
        <translation>无法核查地块</translation>
    </message>
    <message>
        <source>The map has no coordinate reference system.</source>
        <translation>地图没有坐标参考系。</translation>
    </message>
    <message>
        <source>site %1</source>
        <translation>地块 %1</translation>
    </message>
    <message>
        <source>Open a project with constraint layers, or run Analysis → Check conflicts first to choose them.</source>
        <translation>请打开包含管控要素图层的项目，或先运行“分析 → 冲突检查”选择管控要素。</translation>
    </message>
    <message>
        <source>Preparing the check</source>
        <translation>正在准备检查</translation>
    </message>
    <message>
        <source>drawn sites</source>
        <translation>绘制的地块</translation>
    </message>
    <message>
        <source>Paste site coordinates</source>
        <translation>粘贴地块坐标</translation>
    </message>
    <message>
        <source>One point per line in the map CRS (%1): &quot;x, y&quot;, or 界址点 lines &quot;J1,1,X,Y&quot; (X north, Y east).</source>
        <translation>每行一个点，使用地图坐标系（%1）：“x, y”，或界址点行“J1,1,X,Y”（X 为北坐标，Y 为东坐标）。</translation>
    </message>
    <message>
        <source>Cannot read the coordinates</source>
        <translation>无法读取坐标</translation>
    </message>
    <message>
        <source>the points do not make a polygon</source>
        <translation>这些点无法构成多边形</translation>
    </message>
    <message>
        <source>No drawn sites to save</source>
        <translation>没有可保存的绘制地块</translation>
    </message>
    <message>
        <source>Save drawn sites</source>
        <translation>保存绘制的地块</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg);;Shapefile (*.shp);;GeoJSON (*.geojson)</source>
        <translation>GeoPackage (*.gpkg);;Shapefile (*.shp);;GeoJSON (*.geojson)</translation>
    </message>
    <message>
        <source>Saved %1 sites to %2</source>
        <translation>已将 %1 个地块保存到 %2</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>Cannot save the sites</source>
        <translation>无法保存地块</translation>
    </message>
    <message>
        <source>No statistics to compute</source>
        <translation>没有可计算的统计</translation>
    </message>
    <message>
        <source>Computing zoning statistics</source>
        <translation>正在计算分区统计</translation>
    </message>
    <message>
        <source>The statistics failed</source>
        <translation>统计失败</translation>
    </message>
    <message>
        <source>Export map or report…</source>
        <translation>导出地图或报告…</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>Export needs a project with subjects and constraints: %1</source>
        <translation>导出需要包含核查地块和管控图层的项目：%1</translation>
    </message>
</context>
<context>
    <name>redline::viewer::MapDocument</name>
    <message>
        <source>subjects</source>
        <translation>检查对象</translation>
    </message>
    <message>
        <source>constraints</source>
        <translation>管控要素</translation>
    </message>
    <message>
        <source>zones</source>
        <translation>分区</translation>
    </message>
    <message>
        <source>conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>drawn sites</source>
        <translation>绘制的地块</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>图层</translation>
    </message>
</context>
<context>
    <name>redline::viewer::SitePanel</name>
    <message>
        <source>Choose the draw-a-site tool, click the site&apos;s corners on the map and double-click to finish (right-click or Backspace removes the last corner, Esc starts again). Or paste a coordinate list.</source>
        <translation>选择“绘制地块”工具，在地图上单击地块的各个拐点，双击结束（右键或退格键删除最后一个拐点，Esc 重新开始）。也可以粘贴坐标列表。</translation>
    </message>
    <message>
        <source>Paste coordinates…</source>
        <translation>粘贴坐标…</translation>
    </message>
    <message>
        <source>Save sites as layer…</source>
        <translation>将地块保存为图层…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Site area: %1 m² = %2 ha = %3 亩 (ellipsoidal)</source>
        <translation>地块面积：%1 m² = %2 公顷 = %3 亩（椭球面积）</translation>
    </message>
    <message>
        <source>Overlaps</source>
        <translation>重叠</translation>
    </message>
    <message>
        <source>Touches</source>
        <translation>相接</translation>
    </message>
    <message>
        <source>Nearest control zones</source>
        <translation>最近的管控区</translation>
    </message>
    <message>
        <source>Lies in</source>
        <translation>所在分区</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>redline::viewer::StatsPanel</name>
    <message>
        <source>Compute zoning statistics</source>
        <translation>计算分区统计</translation>
    </message>
    <message>
        <source>Zone layer</source>
        <translation>分区图层</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>分区</translation>
    </message>
    <message>
        <source>Class layer</source>
        <translation>分类图层</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Area (ha)</source>
        <translation>面积（公顷）</translation>
    </message>
    <message>
        <source>Area (亩)</source>
        <translation>面积（亩）</translation>
    </message>
    <message>
        <source>% of zone</source>
        <translation>占分区 %</translation>
    </message>
</context>
<context>
    <name>redline::viewer::StyleDialog</name>
    <message>
        <source>Style of %1</source>
        <translation>%1 的样式</translation>
    </message>
    <message>
        <source>Single colour</source>
        <translation>单一颜色</translation>
    </message>
    <message>
        <source>Categorized</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>(no labels)</source>
        <translation>（无标注）</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Symbology</source>
        <translation>符号化</translation>
    </message>
    <message>
        <source>Category field</source>
        <translation>分类字段</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>边线</translation>
    </message>
    <message>
        <source>Outline width</source>
        <translation>边线宽度</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Label size</source>
        <translation>标注字号</translation>
    </message>
</context>
</TS>
