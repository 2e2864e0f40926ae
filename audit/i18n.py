"""User-facing strings that do not belong to a rule (rules carry their own texts in their YAML)."""
from __future__ import annotations

LANGUAGES = ("zh", "en")

TEXT: dict[str, tuple[str, str]] = {
    # input errors: one line each, the CLI puts the file name in front
    "input_is_directory": ("是目录，不是文件", "is a directory, not a file"),
    "input_missing": ("文件不存在", "no such file"),
    "input_unreadable": ("无法读取（{reason}）", "cannot be read ({reason})"),
    "input_empty": ("文件为空", "file is empty"),
    "input_binary": ("二进制数据，不是文本表格", "binary data, not a text table"),
    "input_encoding": ("无法识别文本编码（不是 UTF-8 或 GB18030/GBK，第 {offset} 字节无法解码）",
                       "unknown text encoding (not UTF-8 or GB18030/GBK; undecodable byte at offset {offset})"),
    "input_no_header": ("找不到表头：需要“项目名称”和“绩效指标”列（或“三级指标”和“指标值”列）",
                        "no table header found: expected columns 项目名称 and 绩效指标 (or 三级指标 and 指标值)"),
    "input_corrupt": ("{format} 文件已损坏或被截断，无法打开", "damaged or truncated {format} file, cannot be opened"),
    "input_password": ("文件有密码保护，无法读取", "password-protected file, cannot be read"),
    "input_zip_not_workbook": ("是 ZIP 压缩包，但不是 Excel 工作簿", "a ZIP archive, but not an Excel workbook"),
    "input_csv": ("CSV 格式错误（{reason}）", "malformed CSV ({reason})"),
    "note_skipped": ("跳过 {count} 个不支持的文件（{kinds}）", "skipped {count} unsupported files ({kinds})"),
    "input_no_rows": ("表头之后没有数据行", "no data rows after the header"),
    "input_truncated": ("文件似乎被截断：最后一行（第 {line} 行）只有 {width} 列，表头有 {expected} 列",
                        "file looks truncated: its last row (line {line}) has {width} of {expected} columns"),
    "no_inputs": ("目录中没有可检查的文件（支持 .txt .tsv .csv .xlsx .xls .html .pdf）",
                  "no files to check in this directory (supported: .txt .tsv .csv .xlsx .xls .html .pdf)"),
    # report
    "with_suggestion": ("{message}。{suggestion}", "{message}. {suggestion}"),
    "col_line": ("位置", "where"),
    "at_page": ("第{page}页 {line}", "p.{page} {line}"),
    "at_table": ("表{table} 第{line}行", "table {table} row {line}"),
    "col_project": ("项目", "project"),
    "col_indicator": ("指标", "ind."),
    "col_rule": ("规则", "rule"),
    "col_severity": ("级别", "severity"),
    "col_message": ("问题", "problem"),
    "col_suggestion": ("建议", "suggestion"),
    "file_header": ("{path}（{projects} 个项目，{indicators} 个指标）",
                    "{path} ({projects} projects, {indicators} indicators)"),
    "file_clean": ("未发现问题", "no findings"),
    "document_level": ("（全表）", "(document)"),
    "summary": ("共 {error} 个错误、{warning} 个警告、{info} 个提示；检查了 {files} 个文件、{projects} 个项目、{indicators} 个指标",
                "{error} error(s), {warning} warning(s), {info} info; checked {files} file(s), {projects} projects, {indicators} indicators"),
    "summary_input_errors": ("{count} 个文件无法读取", "{count} files could not be read"),
    "severity_error": ("错误", "error"),
    "severity_warning": ("警告", "warning"),
    "severity_info": ("提示", "info"),
    "unused_suppression": ("配置中对 {rule}（{project}）的抑制没有匹配到任何问题",
                           "the suppression of {rule} ({project}) in the configuration matched no finding"),
    "unused_suppression_fix": ("删除这条抑制，或核对规则、项目名称、指标序号是否写对",
                               "delete it, or check its rule, project name and indicator number"),
    "summary_suppressed": ("另有 {count} 个问题已按配置抑制（--no-suppress 可全部显示）",
                           "{count} more findings suppressed by the configuration (--no-suppress shows them)"),
    "summary_baseline": ("与基线 {path} 相比：新增 {new} 个，已知 {known} 个，已修复 {fixed} 个",
                         "against the baseline {path}: {new} new, {known} known, {fixed} fixed"),
    "baseline_written": ("已将 {count} 个问题写入基线 {path}", "wrote {count} findings to the baseline {path}"),
    "fix_written": ("{path}：已修复 {summary}，写入 {target}", "{path}: fixed {summary}; wrote {target}"),
    "fix_in_place": ("{path}：已修复 {summary}（原文件已替换）", "{path}: fixed {summary} (in place)"),
    "fix_unsupported": ("fix 目前只支持制表符分隔的文本导出，不支持 {format}", "fix supports the tab-separated text export only, not {format}"),
    "fix_nothing": ("{path}：没有可安全修复的问题", "{path}: nothing to fix safely"),
    "fix_exists": ("{target} 已存在：删除它、加 --force 覆盖，或用 --in-place", "{target} exists: remove it, pass --force to replace it, or use --in-place"),
    "fix_kinds": ("FM01=HTML 标记 {FM01} 处、FM03=繁体字 {FM03} 处、FM04=半角标点 {FM04} 处、ST02=分页断行 {ST02} 处、DU01=重复目标值 {DU01} 处",
                  "FM01 HTML remnants {FM01}, FM03 traditional characters {FM03}, FM04 half-width punctuation {FM04}, ST02 page-break splits {ST02}, DU01 doubled values {DU01}"),
    # the review queue
    "report_title": ("{department} 绩效目标表检查报告", "{department}: performance-target table review"),
    "report_score": ("质量分（满分 100）", "quality score (of 100)"),
    "chart_by_category": ("按类别", "by category"),
    "chart_by_project": ("按项目", "by project"),
    "nameless": ("（无名行）", "(nameless row)"),
    "amount_label": ("总计（万元）", "total (万元)"),
    "col_l1": ("一级指标", "level 1"),
    "col_l2": ("二级指标", "level 2"),
    "col_period": ("实施周期指标值", "period target"),
    "col_annual": ("年度指标值", "annual target"),
    "sheet_table": ("表", "table"),
    "sheet_findings": ("问题清单", "findings"),
    "sheet_index": ("汇总", "index"),
    "sheet_totals": ("规则统计", "totals"),
    "col_department": ("部门", "department"),
    "col_submission": ("提交", "submission"),
    "col_n_projects": ("项目数", "projects"),
    "col_n_indicators": ("指标数", "indicators"),
    "col_errors": ("错误", "errors"),
    "col_warnings": ("警告", "warnings"),
    "col_infos": ("提示", "info"),
    "col_top_rules": ("最常见问题", "most frequent rules"),
    "col_score": ("质量分", "score"),
    "col_problems": ("说明", "notes"),
    "col_report": ("报告", "report"),
    "col_files": ("涉及文件", "files"),
    "index_title": ("绩效目标表审核队列", "performance-target review queue"),
    "index_summary": ("{submissions} 份提交，共 {error} 个错误、{warning} 个警告、{info} 个提示；按质量分从低到高排列",
                      "{submissions} submissions, {error} errors, {warning} warnings, {info} info; worst first"),
    "totals_by_rule": ("按规则统计", "totals by rule"),
    "totals_by_category": ("按类别统计", "totals by category"),
    "queue_written": ("已写入 {out}：index.html、index.xlsx、index.csv、totals.csv 和 {count} 份提交的报告（{fresh} 份新生成）",
                      "wrote {out}: index.html, index.xlsx, index.csv, totals.csv and reports of {count} submissions ({fresh} new)"),
    "queue_not_folder": ("不是目录：queue 需要一个目录，其中每个部门一个文件或一个子目录",
                         "not a directory: queue takes a folder with one file or sub-folder per department"),
    "data_docs_written": ("已生成 Great Expectations Data Docs：{path}", "built Great Expectations Data Docs: {path}"),
    # rule listing and explanations
    "col_id": ("编号", "id"),
    "col_name": ("名称", "name"),
    "col_category": ("类别", "category"),
    "col_enabled": ("启用", "enabled"),
    "col_summary": ("检查内容", "checks"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "explain_checks": ("检查内容", "What it checks"),
    "explain_why": ("为什么重要", "Why it matters"),
    "explain_bad": ("错误示例", "Bad example"),
    "explain_good": ("正确示例", "Good example"),
    "explain_options": ("选项", "Options"),
    "explain_none": ("无", "none"),
    # configuration errors
    "config_error": ("配置错误：{detail}", "configuration error: {detail}"),
}


def t(key: str, lang: str = "zh", **params) -> str:
    zh, en = TEXT[key]
    return (en if lang == "en" else zh).format(**params)


def pick(texts: dict | str | None, lang: str) -> str:
    """Choose one language from a rule's {zh: ..., en: ...} text (a plain string serves both)."""
    if texts is None:
        return ""
    if isinstance(texts, str):
        return texts
    return texts.get(lang) or texts.get("zh") or ""
