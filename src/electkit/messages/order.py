"""Messages of the surname-stroke order: the CS-ORDER check and ``electkit sort``."""

ZH: dict[str, str] = {
    "cs.order.unsorted": "名单未按姓氏笔画排列，需移动{needed}人({subjects})；正确顺序：{order}",
    "cs.order.unknown": "“{subject}”中的“{chars}”不在笔画表中，已排在同一位置的已知字之后；请人工核对其位置",
    "sort.no_column": "前{scan}行中找不到“{column}”列；请用 --column 给出要排序的列的表头",
    "sort.duplicate_column": "“{column}”列出现了不止一次(第{letters}列)；请删去多余的列或改名",
    "sort.bad_output": "输出文件须为 .csv 或 .xlsx，而不是“{value}”",
    "sort.unknown": "“{char}”不在笔画表中，已排在同一位置的已知字之后，请人工核对：{names}",
    "sort.name_row": "{name}(第{row}行)",
    "sort.more": "等{count}人",
    "sort.blank_rows": "删除了表中的空行：第{rows}行",
    "sort.example_row": "第{row}行是模板的示例行，不参与排序，保留在表头下",
    "sort.kept_in_place": "第{rows}行不是人员(分组标题、重复的表头、合计等)，保留在原位；其前后各段分别排序",
    "sort.renumbered": "“{column}”列是连续编号，已按新顺序重新编号",
    "sort.trailer": "表尾{count}行(空行、说明、合计等)保留在末尾，未参与排序",
    "sort.nothing": "表头(第{row}行)下没有可排序的行",
    "sort.written": "已按“{column}”列的姓氏笔画排序{count}行，写入 {path}",
    "cs.order.approved": "选举文件要求按其自身顺序印制“{contest}”选票，但选票上的候选人名单应以姓氏笔画为序：{order}",
}

EN: dict[str, str] = {
    "cs.order.unsorted": "the list is not in surname-stroke order: {needed} must move ({subjects}); the correct order: {order}",
    "cs.order.unknown": "{chars!r} in {subject!r} is not in the stroke table and was placed after the known characters at that position; check its place by hand",
    "sort.no_column": "no {column!r} column in the first {scan} rows; give the header of the column to sort by with --column",
    "sort.duplicate_column": "the {column!r} column appears more than once (columns {letters}); delete or rename the extra ones",
    "sort.bad_output": "the output file must be .csv or .xlsx, not {value!r}",
    "sort.unknown": "{char!r} is not in the stroke table and was placed after the known characters at that position; check by hand: {names}",
    "sort.name_row": "{name} (row {row})",
    "sort.more": "and {count} more",
    "sort.blank_rows": "blank rows removed: rows {rows}",
    "sort.example_row": "row {row} is the template's example row: not sorted, kept below the header",
    "sort.kept_in_place": "rows {rows} are not people (group headings, repeated headers, totals …) and stay where they are; the runs between them are sorted separately",
    "sort.renumbered": "the {column!r} column counts up, so it was numbered again in the new order",
    "sort.trailer": "the last {count} rows (blank rows, notes, totals …) stay at the bottom, unsorted",
    "sort.nothing": "no rows to sort below the header (row {row})",
    "sort.written": "{count} rows sorted by surname strokes of {column!r}, written to {path}",
    "cs.order.approved": "the contest file asks for its own order on the {contest} ballot, but ballot lists are in surname-stroke order: {order}",
}
