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
    "input_pdf_no_text": ("PDF 只有图片、没有文字（扫描件？），无法检查：请提交可复制文字的 PDF，或 Excel、Word 原件",
                          "a PDF of images and no text (scanned?): cannot be checked: submit a PDF with text, or the "
                          "Excel or Word file"),
    "input_encoding": ("无法识别文本编码（不是 UTF-8 或 GB18030/GBK，第 {offset} 字节无法解码）",
                       "unknown text encoding (not UTF-8 or GB18030/GBK; undecodable byte at offset {offset})"),
    "input_no_header": ("找不到表头：需要“项目名称”和“绩效指标”列（或“三级指标”和“指标值”列），"
                        "或申报表的“项目名称”栏和“一级指标 | 二级指标 | 三级指标 | 指标值”指标表",
                        "no table header found: expected columns 项目名称 and 绩效指标 (or 三级指标 and 指标值), "
                        "or a form (申报表) with a 项目名称 cell and a 一级指标 | 二级指标 | 三级指标 | 指标值 grid"),
    "input_form_no_grid": ("申报表“{name}”没有指标表：需要“一级指标 | 二级指标 | 三级指标 | 指标值”表头行",
                           "the form (申报表) “{name}” has no indicator grid: expected a 一级指标 | 二级指标 | 三级指标 | 指标值 header row"),
    "input_doc_legacy": ("旧版 Word .doc 文件不支持，请在 Word 或 WPS 中另存为 .docx 后再检查",
                         "legacy Word .doc files are not supported: save it as .docx (in Word or WPS) and check that"),
    "input_corrupt": ("{format} 文件已损坏或被截断，无法打开", "damaged or truncated {format} file, cannot be opened"),
    "input_password": ("文件有密码保护，无法读取", "password-protected file, cannot be read"),
    "input_zip_not_workbook": ("是 ZIP 压缩包，但不是 Excel 工作簿或 Word 文档",
                               "a ZIP archive, but not an Excel workbook or a Word document"),
    "input_csv": ("CSV 格式错误（{reason}）", "malformed CSV ({reason})"),
    "note_skipped": ("跳过 {count} 个不支持的文件（{kinds}）", "skipped {count} unsupported files ({kinds})"),
    "input_no_rows": ("表头之后没有数据行", "no data rows after the header"),
    "input_truncated": ("文件似乎被截断：最后一行（第 {line} 行）只有 {width} 列，表头有 {expected} 列",
                        "file looks truncated: its last row (line {line}) has {width} of {expected} columns"),
    "file_skipped": ("不支持的文件类型，未检查", "not a supported file type, not checked"),
    # rows of a read file that no table holds: said with the file (JSON `notes`, standard error)
    "unread_no_header": ("{where}没有绩效目标表的表头（“项目名称”和“绩效指标”列，或申报表），其 {count} 行有内容的行"
                         "（第 {lines} 行）未检查",
                         "{where} has no table header (项目名称 and 绩效指标 columns, or a form): its {count} rows with "
                         "text (line {lines}) were not checked"),
    "unread_above_header": ("{where}：表头（第 {header} 行）之上有 {count} 行像表格数据（第 {lines} 行），未检查："
                            "表头是否缺失或位置不对？",
                            "{where}: {count} rows above the header (line {header}) look like table rows (line "
                            "{lines}) and were not checked: is the header missing or misplaced?"),
    "unread_no_rows": ("{where}只有表头，没有数据行（第 {lines} 行），未检查",
                       "{where} has a header and no rows under it (line {lines}): not checked"),
    "unread_form_rows": ("{where}：申报表的指标区中有 {count} 行有内容但不是指标（第 {lines} 行），未检查",
                         "{where}: {count} rows in a form's indicator grid have text but are no indicator (line "
                         "{lines}) and were not checked"),
    "unread_after_form": ("{where}：申报表结尾（审核意见、签字）之后有 {count} 行像表格数据（第 {lines} 行），未检查",
                          "{where}: {count} rows after the end of a form (审核意见, signatures) look like table rows "
                          "(line {lines}) and were not checked"),
    "unread_no_project": ("{where}有指标表头（第 {header} 行）但没有项目名称，像是从申报表拆出的续表，其 {count} 行有内容的行"
                          "（第 {lines} 行）未检查：请与所属申报表合并为一个表格",
                          "{where} has an indicator grid header (line {header}) but no 项目名称: it looks like a "
                          "form's grid split off from its form; its {count} rows with text (line {lines}) "
                          "were not checked: join it to its form"),
    "unread_damaged": ("{where}有 {count} 行含有损坏的字节（NUL 空字节或不合编码的字节，文件损坏或导出出错；第 {lines} 行），"
                       "已读入，损坏处显示为 �：请核对这些行",
                       "{where} has {count} lines with damaged bytes (NUL, or not valid in its encoding: a damaged file "
                       "or a bad export; line {lines}): read, each damaged byte shown as �: check these lines"),
    "unread_page_no_table": ("{where}有 {count} 行文字但没有读出表格（第 {lines} 行），未检查：表格是否没有框线？",
                             "{where} has {count} lines of text but no table was found on it (line {lines}): not "
                             "checked: has the table no ruling lines?"),
    "unread_outside_table": ("{where}：表格之外有 {count} 行文字像表格行（如“{text}”），未检查：这些行是否缺少表格线？",
                             "{where}: {count} lines of text outside the table read like table rows (such as “{text}”), "
                             "not checked: have these rows lost their ruling lines?"),
    "unread_image_pages": ("{where}有 {count} 页只有图片、没有文字（第 {lines} 页，扫描件？），未检查",
                           "{where} has {count} pages of an image and no text (page {lines}: scanned?): not checked"),
    "unread_nested_table": ("{where}有 {count} 行的单元格里嵌有表格（第 {lines} 行），嵌入表格的内容未检查",
                            "{where}: {count} rows hold a table inside a cell (line {lines}); what the inner tables "
                            "hold was not checked"),
    "unread_no_indicator": ("{where}有 {count} 行既不是项目也不是指标（第 {lines} 行，内容只在未检查的列中），未检查",
                            "{where}: {count} rows are neither a project nor an indicator (line {lines}: their text "
                            "only in columns no rule reads) and were not checked"),
    "unread_sheet": ("工作表“{name}”", "sheet “{name}”"),
    "unread_table": ("第 {number} 个表格", "table {number}"),
    "unread_file": ("文件", "the file"),
    "unread_paragraphs": ("表格之外的正文", "the text outside the tables"),
    "unread_page": ("第 {number} 页", "page {number}"),
    "unread_paragraph_rows": ("{where}有 {count} 段像以制表符分隔的表格行（第 {lines} 段），未检查：表格请用 Word 表格",
                              "{where} has {count} paragraphs that look like tab-separated table rows (paragraph "
                              "{lines}), not checked: a table must be a Word table"),
    "input_limit": ("超出资源限制 limits.{limit}：本文件 {found}，上限 {allowed}（确需检查时在配置文件的 limits: 中调高，"
                    "或加 --limit {limit}=新值）",
                    "over the resource limit limits.{limit}: {found} here, at most {allowed} (to check it anyway, raise "
                    "it under limits: in the configuration or with --limit {limit}=VALUE)"),
    "input_internal": ("内部错误，无法检查此文件（{reason}）；请报告此问题，加 --debug 可显示详细信息",
                       "internal error, this file could not be checked ({reason}); please report it, --debug shows the details"),
    "rule_failed": ("{path}：规则 {rule}（{name}）内部错误，该规则在此文件上的结果缺失（{reason}）；请报告此问题，加 --debug 可显示详细信息",
                    "{path}: internal error in rule {rule} ({name}), its findings on this file are missing ({reason}); "
                    "please report it, --debug shows the details"),
    "internal_error": ("内部错误（{reason}）；请报告此问题，加 --debug 可显示详细信息",
                       "internal error ({reason}); please report it, --debug shows the details"),
    "no_inputs": ("目录中没有可检查的文件（支持 {suffixes}）", "no files to check in this directory (supported: {suffixes})"),
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
    "fix_count": ("{rule}={fix} {count} 处", "{rule} {fix} {count}"),  # the rule whose record names the fix
    "fix_join-page-break": ("分页断行", "page-break splits"),
    "fix_remove-markup": ("HTML 标记", "HTML remnants"),
    "fix_simplify-characters": ("繁体字", "traditional characters"),
    "fix_full-width-separators": ("半角标点", "half-width punctuation"),
    "fix_undouble-value": ("重复目标值", "doubled values"),
    # the review queue
    "report_title": ("{department} 绩效目标表检查报告", "{department}: performance-target table review"),
    "report_score": ("质量分（满分 100）", "quality score (of 100)"),
    "chart_by_category": ("按类别", "by category"),
    "chart_by_severity": ("按级别", "by severity"),
    "back_to_index": ("← 返回审核队列", "← back to the queue"),
    "nav_projects": ("项目一览", "projects"),
    "view_all": ("全部问题", "all findings"),
    "view_errors": ("只看错误", "errors only"),
    "legend": ("图例", "legend"),
    "legend_mark": ("标出的文字：{severity}所指的内容", "marked text: what a finding of severity {severity} is about"),
    "legend_cell": ("单元格底色：其中最严重问题的级别；批注中是问题和建议", "cell colour: the worst finding in it; the comment holds the message and suggestion"),
    "unreadable": ("无法读取", "unreadable"),
    "unreadable_why": ("无法读取此提交：{reason}", "this submission could not be read: {reason}"),
    "col_verdict": ("结论", "verdict"),
    "verdict_pass": ("通过", "pass"),
    "verdict_revise": ("修改后提交", "revise and resubmit"),
    "verdict_return": ("退回", "return"),
    "verdict_unreadable": ("无法读取", "unreadable"),
    "score_note": ("质量分 = 100 ÷ (1 + 加权问题数 ÷ 指标数)，错误计 {error}、警告计 {warning}、提示计 {info}；无问题为 100 分，无法读取的提交不计分。"
                   "结论：{return_at_errors} 个错误以上或低于 {return_below_score} 分退回；无错误且警告不超过 {pass_max_warnings} 个通过；其余修改后提交。",
                   "score = 100 ÷ (1 + weighted findings ÷ indicators), an error weighing {error}, a warning {warning}, an info {info}; "
                   "a clean table scores 100, an unreadable submission none. Verdict: return at {return_at_errors} errors or a score "
                   "below {return_below_score}; pass with no error and at most {pass_max_warnings} warnings; else revise and resubmit."),
    "col_top_problems": ("最常见问题", "most frequent problems"),
    "col_title": ("问题", "problem"),
    "chart_by_project": ("按项目", "by project"),
    "nameless": ("（无名行）", "(nameless row)"),
    "amount_label": ("总计（万元）", "total (万元)"),
    "col_l1": ("一级指标", "level 1"),
    "col_l2": ("二级指标", "level 2"),
    "col_period": ("实施周期指标值", "period target"),
    "col_number": ("序号", "no."),
    "col_annual": ("年度指标值", "annual target"),
    "pair_fields": ("实施周期和年度指标值", "period and annual target"),
    "pair_suffix": ("{message}（{fields}同）", "{message} (same in the {fields})"),
    "at_line": ("第 {line} 行", "line {line}"),
    "at_indicator": ("指标 {indicator}", "indicator {indicator}"),
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
    "col_score": ("质量分", "score"),
    "col_problems": ("说明", "notes"),
    "col_fixed": ("已改正", "fixed"),
    "col_still_open": ("仍存在", "still open"),
    "col_new": ("新出现", "new"),
    "tracking_summary": ("与上一轮相比：已改正 {fixed} 个问题，仍存在 {open} 个，新出现 {new} 个",
                         "against the previous round: {fixed} findings fixed, {open} still open, {new} new"),
    "tracking_identical": ("与上一轮提交的文件完全相同", "the same files as in the previous round"),
    "tracking_fixed": ("上一轮以来已改正的问题", "fixed since the previous round"),
    "previous_not_found": ("--previous 不是上一次审核队列的输出目录（需要 findings.json 和 corpus.json），也不是提交文件的目录",
                           "--previous is neither an earlier queue's output folder (with findings.json and corpus.json) "
                           "nor a folder of submissions"),
    "col_report": ("报告", "report"),
    "col_files": ("涉及文件", "files"),
    "index_title": ("绩效目标表审核队列", "performance-target review queue"),
    "index_summary": ("{submissions} 份提交，共 {error} 个错误、{warning} 个警告、{info} 个提示；按质量分从低到高排列",
                      "{submissions} submissions, {error} errors, {warning} warnings, {info} info; worst first"),
    "totals_by_rule": ("按规则统计", "totals by rule"),
    "totals_by_category": ("按类别统计", "totals by category"),
    "queue_written": ("已写入 {out}：index.html、index.xlsx、index.csv、totals.csv 和 {count} 份提交的报告（{fresh} 份新生成）",
                      "wrote {out}: index.html, index.xlsx, index.csv, totals.csv and reports of {count} submissions ({fresh} new)"),
    "report_failed": ("{name}：内部错误，未能生成报告（{reason}）；请报告此问题",
                      "{name}: internal error, its reports could not be written ({reason}); please report it"),
    "queue_not_folder": ("不是目录：queue 需要一个目录，其中每个部门一个文件或一个子目录",
                         "not a directory: queue takes a folder with one file or sub-folder per department"),
    "data_docs_written": ("已生成 Great Expectations Data Docs：{path}", "built Great Expectations Data Docs: {path}"),
    "lake_written": ("已检查 {documents} 份文档，{findings} 个问题已写入 {out}（findings.parquet、findings.jsonl）",
                     "checked {documents} documents; {findings} findings written to {out} (findings.parquet, findings.jsonl)"),
    "data_docs_not_on_spark": ("--data-docs 只能与默认的 pandas 引擎一起使用", "--data-docs works with the default pandas engine only"),
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
    "config_unreadable": ("{where}：无法读取（{reason}）", "{where}: cannot be read ({reason})"),
    "config_yaml": ("{where}：YAML 格式错误（{reason}）", "{where}: invalid YAML ({reason})"),
    "config_not_mapping": ("{where}：顶层应为键值映射", "{where}: expected a mapping at the top level"),
    "config_suppress_list": ("{where}：suppress 应为列表", "{where}: suppress must be a list"),
    "config_rule_mapping": ("{where}：rules.{key} 应为键值映射", "{where}: rules.{key} must be a mapping"),
    "config_unknown_option": ("{where}：rules.{key} 没有选项“{name}”（可用：{known}）",
                              "{where}: rules.{key}: unknown option '{name}' (known: {known})"),
    "config_option_type": ("{where}：rules.{key}.options.{name} 应为 {type}", "{where}: rules.{key}.options.{name} must be a {type}"),
    "config_option_range": ("{where}：rules.{key}.options.{name} 应在 {low} 到 {high} 之间",
                            "{where}: rules.{key}.options.{name} must lie between {low} and {high}"),
    "config_suppress_mapping": ("{where}：每条抑制应为键值映射", "{where}: each entry must be a mapping"),
    "config_suppress_required": ("{where}：缺少“{key}”（reason 说明为何接受该问题）",
                                 "{where}: '{key}' is required (a reason says why the finding is accepted)"),
    "config_suppress_reason": ("{where}：reason 应说明为何接受该问题", "{where}: 'reason' must say why the finding is accepted"),
    "config_suppress_indicator": ("{where}：indicator 应为数字", "{where}: 'indicator' must be a number"),
    "config_unknown_rule": ("{where}：未知规则“{key}”", "{where}: unknown rule '{key}'"),
    "config_unknown_selector": ("未知的规则或类别“{selector}”", "unknown rule or category '{selector}'"),
    "config_unknown_key": ("{where}：未知的键“{key}”（可用：{known}）", "{where}: unknown key '{key}' (known: {known})"),
    "config_one_of": ("{where} 应为 {allowed} 之一，而不是“{value}”", "{where} must be one of {allowed}, not '{value}'"),
    "config_verdict": ("{where}：verdict 应为非负数字的键值映射（可用：{known}）",
                       "{where}: verdict must map these keys to non-negative numbers: {known}"),
    "config_limits_mapping": ("{where}：limits 应为键值映射（可用：{known}）", "{where}: limits must be a mapping (known: {known})"),
    "config_budget_year": ("{where}：预算年度应为 {low}–{high} 之间的年份，如 2025", "{where}: the budget year must be a year from {low} to {high}, e.g. 2025"),
    "config_limit": ("{where}：limits.{name} 应为正数", "{where}: limits.{name} must be a positive number"),
    "config_limit_spec": ("--limit “{spec}”：应为 名称=值，名称为 {names} 之一",
                          "--limit '{spec}': expected NAME=VALUE with NAME one of {names}"),
    "config_output_spec": ("--output “{spec}”：应为 格式:路径，格式为 {formats} 之一",
                           "--output '{spec}': expected FORMAT:PATH with FORMAT one of {formats}"),
    "config_baseline_missing": ("{where}：基线文件不存在（先用 --write-baseline 生成）",
                                "{where}: baseline not found (write one with --write-baseline)"),
    "config_baseline_invalid": ("{where}：不是 jxaudit 基线文件（{reason}）", "{where}: not a jxaudit baseline ({reason})"),
    # jxaudit serve: the page, the rule catalogue and the API's errors
    "web_listening": ("jxaudit serve 已启动：{url}（Ctrl+C 停止）", "jxaudit serve is listening on {url} (Ctrl+C stops it)"),
    "web_too_large": ("文件超过上传上限 {mb} MB（启动时可用 --max-upload-mb 调整）",
                      "the file is over the upload limit of {mb} MB (start the server with --max-upload-mb to change it)"),
    "web_busy": ("服务器正忙（同时检查的文件已达上限），请稍后再试", "the server is busy (too many files being checked); try again shortly"),
    "web_no_file": ("请求中没有文件（表单字段 file）", "no file in the request (form field 'file')"),
    "web_bad_body": ("上传内容无法解析（不是完整的 multipart/form-data）", "the upload cannot be parsed (not a complete multipart/form-data body)"),
    "web_title": ("绩效目标表提交前检查", "Check your performance-target table before you submit it"),
    "web_intro": ("把项目支出绩效目标表或申报表（Excel、Word、PDF、CSV、文本）拖到下面，或点击选择文件。文件只在本机检查，检查完即删除。",
                  "Drop your performance-target table or form (Excel, Word, PDF, CSV, text) below, or choose the file. "
                  "It is checked on this server only and deleted as soon as the answer is sent."),
    "web_drop": ("把文件拖到这里", "Drop the file here"),
    "web_choose": ("选择文件", "Choose a file"),
    "web_limit": ("单个文件不超过 {mb} MB", "up to {mb} MB per file"),
    "web_rules_link": ("全部检查规则", "All rules"),
    "web_rules_title": ("检查规则", "Rules"),
    "web_back": ("返回检查页", "Back to the check"),
    "web_js_checking": ("正在检查…", "Checking…"),
    "web_js_failed": ("无法检查", "Cannot check"),
    "web_js_summary": ("{errors} 个错误，{warnings} 个警告，{infos} 个提示", "{errors} errors, {warnings} warnings, {infos} notes"),
    "web_js_score": ("质量分", "quality score"),
    "web_js_clean": ("没有发现问题。", "No problems found."),
    "web_js_all": ("全部", "all"),
    "web_js_severity": ("级别", "severity"),
    "web_js_category": ("类别", "category"),
    "web_js_download_xlsx": ("下载反馈工作簿（xlsx）", "Download the feedback workbook (xlsx)"),
    "web_js_download_json": ("下载 JSON", "Download the JSON"),
    "web_js_document": ("全表", "whole table"),
    "web_js_indicator": ("指标", "indicator"),
    "web_js_line": ("行", "line"),
    "web_js_suggestion": ("建议", "suggestion"),
    "web_js_shown": ("显示 {shown} / {total} 条", "showing {shown} of {total}"),
}


FIELD_LABELS: dict[str, tuple[str, str]] = {  # the fields a finding names, as its message calls them
    "period": ("实施周期指标值", "period target"), "annual": ("年度指标值", "annual target"),
    "name": ("指标名称", "indicator name"), "l1": ("一级指标", "level-1 category"),
    "l2": ("二级指标", "level-2 category"), "goal": ("绩效目标", "goal"),
    "indicators": ("绩效指标", "indicators"), "total": ("总计", "total"), "amounts": ("金额", "amounts"),
    "fiscal": ("财政拨款", "fiscal appropriation"), "special": ("财政专户拨款", "special-account funds"),
    "other": ("其他资金", "other funds"),
    "row": ("整行", "row"), "nature": ("指标性质", "indicator type"), "unit": ("度量单位", "unit"),
    "weight": ("权重", "weight"), "direction": ("指标方向", "direction"),
}


def field_label(field: str | None, lang: str = "zh") -> str:
    zh, en = FIELD_LABELS.get(field or "", ("", ""))
    return en if lang == "en" else zh


def t(key: str, lang: str = "zh", /, **params) -> str:
    zh, en = TEXT[key]
    return (en if lang == "en" else zh).format(**params)


def pick(texts: dict | str | None, lang: str) -> str:
    """Choose one language from a rule's {zh: ..., en: ...} text (a plain string serves both)."""
    if texts is None:
        return ""
    if isinstance(texts, str):
        return texts
    return texts.get(lang) or texts.get("zh") or ""
