"""Every Vietnamese string the dashboard shows, in one place (an English view is a second table).

Status labels, table headers of the metrics layer and number/date formats live in
``metrics.labels`` and ``metrics.format``; this module holds the dashboard's own words.
"""

from __future__ import annotations

APP_TITLE = "Theo dõi Kế hoạch {number} — UBND Quận 1"
APP_SHORT = "KPI Quận 1"

# Shared controls
CONTROL_YEAR = "Năm kế hoạch"
CONTROL_MONTH = "Số liệu tính đến tháng"
CONTROL_SCOPE = "Phạm vi"
SCOPE_ALL_SHORT = "Toàn quận"
CONTROL_SCOPE_HELP = (
    "Toàn quận cộng số liệu của UBND Quận 1, 10 phường và các phòng, ban; "
    "chọn một phường hoặc một đơn vị để xem riêng."
)
BAD_URL_VALUE = "Giá trị “{value}” trong đường dẫn không hợp lệ, đã dùng giá trị mặc định."
# What an indicator means (popover beside each chosen indicator and on each KPI card)
MEANING_BUTTON = "Ý nghĩa"
MEANING_HELP = "Chỉ số đo gì, tính thế nào, số liệu lấy từ đâu"
MEANING_LINES = (
    ("definition", "**Đo gì:** {}"),
    ("formula", "**Cách tính:** {}"),
    ("data_source", "**Nguồn số liệu:** {}"),
    ("basis", "**Căn cứ:** {}"),
)
# Drill-down links
CARD_DRILL = "Xem chi tiết"
CARD_DRILL_HELP = "Mở trang của chỉ số này: diễn biến theo tháng và so sánh các phường"
WARD_CLICK_HINT = "Bấm vào thanh của một phường để xem hồ sơ của phường đó."
COPY_LINK_HINT = "Sao chép đường dẫn trên trình duyệt để mở lại đúng màn hình này."

# Header, freshness, sample note
FRESHNESS = "Số liệu đến ngày {date}"
NO_FRESHNESS = "Chưa có số liệu"
VIEW_LINE = "Năm {year} · tính đến tháng {month} · {scope}"
SAMPLE_NOTE = (
    "**Dữ liệu mẫu** — các con số trên trang này được sinh để minh họa, "
    "không phải số liệu chính thức của UBND Quận 1."
)
NO_DATA_YET = (
    "Cơ sở dữ liệu chưa có số liệu. Hãy nộp tệp ở trang **Nộp số liệu** "
    "hoặc chạy `python -m data ingest THƯ_MỤC`."
)

# Errors a person can cause, and the rest
DB_BUSY = "Cơ sở dữ liệu đang được cập nhật. Vui lòng chờ ít phút rồi tải lại trang."
UNEXPECTED = (
    "Trang gặp lỗi ngoài dự kiến khi tính số liệu. Vui lòng tải lại trang; nếu vẫn lỗi, "
    "báo cho Phòng Nội vụ kèm đường dẫn của trang này."
)
NO_ROWS = "Không có dòng nào phù hợp với bộ lọc."

# KPI cards and tables
CARD_TARGET = "Chỉ tiêu: {target}"
CARD_MONTH = "Tháng {month}: {value}"
CARD_YTD = "Lũy kế năm: {value}"
CARD_YEAR = "Năm {year}: {value}"
CARD_BASIS = " (căn cứ đánh giá)"
CARD_PROJECTION = "Dự báo cuối năm: {value}"
CARD_COMPLETE_MISSING = "Chưa có số liệu (hoặc số liệu bị giữ lại): {names}"
CARD_CHANGE_HELP = "Thay đổi so với tháng trước"
DOWNLOAD_XLSX = "Tải về (.xlsx)"
TASKS_SHEET = "Danh sách nhiệm vụ"
TASKS_HISTORY_SHEET = "Lịch sử báo cáo nhiệm vụ {task}"
WARD_PROFILE_SHEET = "Chỉ số của phường"
EXPORT_SUBTITLE = "Phạm vi: {scope} · Số liệu tháng {month}"  # under an export's title

# Chart words
AXIS_VALUE = "Giá trị"
SERIES_YTD = "Lũy kế từ đầu năm"
SERIES_MONTH = "Trong tháng"
SERIES_TARGET = "Chỉ tiêu năm"
SERIES_WARD_TARGET = "Chỉ tiêu của phường"
GLOSSARY_LINK = "Cách đánh giá: ý nghĩa của từng mức đánh giá"
GLOSSARY_KPI = "Đánh giá chỉ số"
GLOSSARY_PATHS = "Lộ trình (giá trị phải đạt theo tháng)"
GLOSSARY_TASKS = "Tình trạng nhiệm vụ"
GLOSSARY_REPORTS = "Tình hình nộp báo cáo"
GLOSSARY_INTRO = (
    "Mỗi mức đánh giá trên các trang được tính theo các quy tắc dưới đây, đọc từ danh mục "
    "chỉ số và danh mục nhãn; sửa quy tắc trong danh mục thì trang này đổi theo."
)
SERIES_PATH = "Lộ trình"
SERIES_THIS_YEAR = "Năm {year}"
SERIES_REPORTS = "Số báo cáo"
CHART_WARD_TITLE = "Xếp hạng 10 phường"
CHART_HEAT_TITLE = "Giá trị từng tháng theo phường"
CHART_TREND_TITLE = "Diễn biến theo tháng"
CHART_TASKS_TITLE = "Tình trạng nhiệm vụ theo nhóm giải pháp"
CHART_COMPLIANCE_TITLE = "Tình hình nộp báo cáo theo kỳ"
CHART_PCI_TITLE = "Điểm PCI qua các năm"
CHART_PCI_RANK_TITLE = "Thứ hạng PCI qua các năm (số nhỏ là tốt)"
CHART_DDCI_TITLE = "Điểm DDCI qua các năm"
CHART_DDCI_RANK_TITLE = "Thứ hạng DDCI trong 22 quận, huyện, TP. Thủ Đức (số nhỏ là tốt)"
CHART_SUBINDEX_TITLE = "10 chỉ số thành phần PCI (yếu nhất ở trên)"
NO_CHART_DATA = "Chưa có số liệu để vẽ biểu đồ."
CHART_SAMPLE = "DỮ LIỆU MẪU"  # on every chart (and its PNG download) drawn from sample data
# Plotly's own words (its toolbar, its messages), by their English key: given to every
# chart as the "vi" locale of its config, so no locale file is fetched.
PLOTLY_WORDS = {
    "Download plot as a PNG": "Tải biểu đồ (ảnh PNG)",
    "Download plot": "Tải biểu đồ",
    "Autoscale": "Tự co giãn",
    "Reset axes": "Đặt lại trục",
    "Zoom": "Phóng to vùng chọn",
    "Zoom in": "Phóng to",
    "Zoom out": "Thu nhỏ",
    "Pan": "Kéo",
    "Box Select": "Chọn vùng",
    "Lasso Select": "Chọn tự do",
    "Produced with Plotly": "Vẽ bằng Plotly",
    "Preparing image - this may take a few seconds": "Đang tạo ảnh, xin chờ vài giây",
    "Image download succeeded": "Đã tải ảnh xong",
    "Sorry, there was a problem downloading your image!": "Không tải được ảnh, xin thử lại.",
    "Double-click to zoom back out": "Nhấp đúp để thu về như cũ",
    "Show closest data on hover": "Hiện số liệu gần nhất khi di chuột",
    "Compare data on hover": "So sánh số liệu khi di chuột",
    "Toggle Spike Lines": "Bật/tắt đường gióng",
}
PLOTLY_MONTHS = [f"Tháng {m}" for m in range(1, 13)]
PLOTLY_SHORT_MONTHS = [f"Th{m}" for m in range(1, 13)]
PLOTLY_DAYS = ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"]
PLOTLY_SHORT_DAYS = ["CN", "T2", "T3", "T4", "T5", "T6", "T7"]
UPLOAD_BUTTON = "Chọn tệp"  # the uploader's button (written by CSS: Streamlit fixes it)
UPLOAD_LIMIT_LINE = "Kéo thả tệp vào đây · tối đa {mb} MB mỗi tệp · XLSX, CSV"
CHART_TABLE = "Xem bảng số liệu"  # the table alternative under every chart
TABLE_CATEGORY = "Mục"
TABLE_STATUS = "Đánh giá"
TABLE_MONTH = "Tháng"
TABLE_WARD = "Phường"
TABLE_GROUP = "Nhóm giải pháp"
TABLE_PERIOD = "Kỳ báo cáo"
TABLE_YEAR = "Năm"
TABLE_SUBINDEX = "Chỉ số thành phần"
CHART_FILE = "bieu-do"  # file name of a chart PNG without a title

# Overview
OVERVIEW_GROUPS = "Các nhóm giải pháp"
OVERVIEW_KPIS = "Chỉ số chủ yếu so với chỉ tiêu"
OVERVIEW_OVERDUE = "Nhiệm vụ quá hạn, chậm tiến độ"
OVERVIEW_MISSING = "Đơn vị chưa nộp báo cáo"
OVERVIEW_NO_OVERDUE = "Không có nhiệm vụ quá hạn hoặc chậm tiến độ."
OVERVIEW_NO_MISSING = "Tất cả đơn vị đã nộp báo cáo các kỳ đến hạn."
OVERVIEW_EMPTY = (
    "Chưa có số liệu nào được nạp: chưa có báo cáo tiến độ nhiệm vụ hay số liệu chỉ số, "
    "nên trang Tổng quan chưa có gì để tổng hợp. Hãy nộp các tệp báo cáo ở trang "
    "**Nộp số liệu** (hoặc chạy `python -m data ingest THƯ_MỤC`)."
)
OVERVIEW_EMPTY_LINK = "Mở trang Nộp số liệu"
GROUP_TASKS_LINE = "{done}/{total} nhiệm vụ hoàn thành · {late} quá hạn, chậm hoặc chưa báo cáo"
# Of the KPIs judged, as the group's status counts them (no target or no data: not judged).
GROUP_KPIS_LINE = "{met}/{judged} chỉ số đạt, {on_track} đúng lộ trình"
GROUP_KPIS_NONE = "Chưa có chỉ số được đánh giá"
GROUP_OPEN = "Xem nhóm {group}"
TASKS_TOTAL = "Tổng số nhiệm vụ"
TASKS_ALL = "Nhiệm vụ"
PLACEHOLDER_ALL = "Tất cả"
WARD = "Phường"
TASKS_DONE = "Hoàn thành"
TASKS_LATE = "Quá hạn"
TASKS_BEHIND = "Chậm tiến độ"
REPORTS_MISSING = "Báo cáo chưa nộp"
REPORTS_RETURNED = "Bị trả lại"
RATE_RECEIVED = "Tỷ lệ đã nộp"
RATE_ON_TIME = "Tỷ lệ đúng hạn"
PERIODS_DUE = "Tính trên các kỳ báo cáo đã đến hạn: {periods}"
RATE_RECEIVED_HELP = "{received}/{expected} báo cáo phải nộp đã nhận"
SCOPE_SHOWN = "Phạm vi: {scope}"
TASKS_OF_SCOPE = (
    "Nhiệm vụ do {scope} chủ trì (kể cả nhiệm vụ giao chung cho 10 phường hoặc các đơn vị)"
)
TASKS_NONE_OF_SCOPE = "{scope} không chủ trì nhiệm vụ nào của kế hoạch."
REPORTS_NONE_OF_SCOPE = "{scope} không phải nộp báo cáo định kỳ theo kế hoạch."

# Group page
GROUP_TASKS = "Nhiệm vụ của nhóm"
GROUP_KPIS = "Chỉ số của nhóm"
GROUP_NO_KPIS = "Nhóm này chưa có chỉ số định lượng trong danh mục; theo dõi qua nhiệm vụ."
GROUP_KPI_PICK = "Chỉ số"
GROUP_NO_WARDS = "Chỉ số này không chia theo phường."
GROUP_PAGE_TITLE = "Nhóm {code}: {name}"
GROUP_NOT_FOUND = "Không tìm thấy nhóm giải pháp {group} trong kế hoạch năm {year}."

# Tasks page
TASKS_FILTER_GROUP = "Nhóm giải pháp"
TASKS_FILTER_LEAD = "Đơn vị chủ trì"
TASKS_FILTER_STATUS = "Tình trạng"
TASKS_COUNT = "{shown}/{total} nhiệm vụ"
TASKS_DETAIL = "Lịch sử báo cáo của một nhiệm vụ"
TASKS_PICK = "Chọn nhiệm vụ"
TASKS_NO_HISTORY = "Nhiệm vụ này chưa có báo cáo nào."
TASKS_BY_UNIT = "Theo đơn vị chủ trì"

# Ward page
WARD_KPI_PICK = "Chỉ số so sánh"
WARD_PROFILE = "Hồ sơ một phường"
WARD_PICK = "Chọn phường"
WARD_COMPLIANCE = "Nộp báo cáo: {received}/{expected} kỳ ({rate}), đúng hạn {on_time}"
WARD_NO_WARD_KPIS = "Chưa có chỉ số nào chia theo phường."

# PCI & DDCI
PCI_SCORE = "Điểm PCI của TP. Hồ Chí Minh"
PCI_RANK = "Thứ hạng PCI của TP. Hồ Chí Minh"
DDCI_SCORE = "Điểm DDCI của Quận 1"
DDCI_RANK = "Thứ hạng DDCI của Quận 1"
PCI_ABOUT = (
    "PCI là chỉ số của Thành phố Hồ Chí Minh (VCCI công bố vào năm sau); DDCI là điểm của "
    "Quận 1. Một năm chỉ được tính từ ngày công bố, như nhau trên mọi trang."
)
PCI_NOT_YET = (
    "Kết quả năm {year} chưa công bố tại ngày {as_of} (PCI dự kiến {pci}, DDCI dự kiến "
    "{ddci}): dưới đây là các năm đã công bố."
)
PCI_SUBINDEX_TABLE = "Chỉ số thành phần"

# Reporting compliance
COMPLIANCE_PERIODS = "Theo kỳ báo cáo"
COMPLIANCE_UNITS = "Theo đơn vị"
COMPLIANCE_REMIND = "Đơn vị cần nhắc"
COMPLIANCE_REMIND_NONE = "Không có đơn vị nào cần nhắc."
COMPLIANCE_RETURNED = "Báo cáo bị trả lại, cần sửa và nộp lại"
RETURNED_FILE = "bao-cao-bi-tra-lai_{as_of}.xlsx"
COMPLIANCE_KIND = "Loại đơn vị"
COMPLIANCE_KIND_ALL = "Tất cả"
COMPLIANCE_ALL_ROWS = "Tất cả báo cáo phải nộp (đơn vị × kỳ)"
REMIND_FILE = "don_vi_can_nhac_{as_of}.xlsx"
COMPLIANCE_FILE = "tinh_hinh_bao_cao_{as_of}.xlsx"
NO_PERIOD_DUE = "Chưa có kỳ báo cáo nào đến hạn tính đến tháng đã chọn."

# Data quality
DQ_LOADS = "Nhật ký nạp tệp"
DQ_REJECTED = "Tệp bị từ chối"
DQ_QUARANTINE = "Dòng bị giữ lại và lý do"
DQ_FILTER_FILE = "Tệp"
DQ_FILTER_COLUMN = "Cột"
DQ_SEARCH = "Tìm trong lý do"
DQ_NONE_REJECTED = "Không có tệp nào bị từ chối."
DQ_NONE_QUARANTINE = "Không có dòng nào bị giữ lại."
DQ_ROWS_SHOWN = "{shown}/{total} dòng"
DQ_PAGE = "Trang"
DQ_PAGE_OF = "Trang {page}/{pages}, mỗi trang {size} dòng."
DQ_LOADS_COUNT = "Số lần nạp"
DQ_ROWS_LOADED = "Dòng đã nạp"
DQ_ROWS_QUARANTINED = "Dòng bị giữ lại"
DQ_FILES_REJECTED = "Tệp bị từ chối"
LOADS_FILE = "nhat_ky_nap_tep.xlsx"
QUARANTINE_FILE = "dong_bi_giu_lai.xlsx"

# Upload
UPLOAD_INTRO = (
    "Nộp tệp báo cáo tiến độ hoặc số liệu chỉ số (.xlsx hoặc .csv), hoặc sổ theo dõi hồ sơ "
    "TTHC xuất từ hệ thống một cửa (.csv, .csv.gz hoặc .xlsx). Bước 1: kiểm tra — "
    "xem kết quả từng dòng. Bước 2: nạp vào cơ sở dữ liệu (dòng lỗi được giữ lại kèm lý do)."
)
UPLOAD_LABEL = "Chọn một hoặc nhiều tệp"
UPLOAD_LOAD = "Nạp vào cơ sở dữ liệu"
UPLOAD_CHECKING = "Đang kiểm tra {name}…"
UPLOAD_LOADING = "Đang nạp {name}…"
UPLOAD_RESULT_OK = "{name}: {rows} dòng hợp lệ ({kind})."
UPLOAD_RESULT_PARTIAL = (
    "{name}: {good}/{rows} dòng hợp lệ, {bad} dòng có lỗi sẽ bị giữ lại ({kind})."
)
UPLOAD_RESULT_REJECTED = "{name}: tệp bị từ chối — {reason}"
UPLOAD_LOADED = (
    "{name}: đã nạp {loaded} dòng, {unchanged} dòng không đổi, {quarantined} dòng bị giữ lại."
)
UPLOAD_UNCHANGED = "{name}: tệp này đã được nạp trước đây, số liệu không thay đổi."
UPLOAD_BUSY = "{name}: {message}"
UPLOAD_FAILED = "{name}: không nạp được — {message}"
UPLOAD_ERRORS = "Các lỗi cần sửa"
UPLOAD_STRICT = "Từ chối cả tệp nếu có dòng lỗi"
UPLOAD_TEMPLATES = "Tải mẫu tệp Excel"
UPLOAD_TEMPLATE_BUTTON = "Mẫu {label} (.xlsx)"
MAPPING_TITLE = "Đọc cột của tệp {name} theo cách của đơn vị"
MAPPING_HELP = (
    "Tên cột trong tệp không khớp mẫu nhập. Chọn cho mỗi cột trong tệp cột tương ứng của "
    "mẫu nhập (hoặc 'Không dùng'), rồi lưu: cách đọc này được lưu cho đơn vị và áp dụng cho "
    "các tệp sau của đơn vị."
)
MAPPING_UNIT = "Đơn vị dùng cách đọc này"
MAPPING_KIND = "Loại tệp"
MAPPING_NONE = "Không dùng"
MAPPING_SAVE = "Lưu cách đọc cột và kiểm tra lại"
MAPPING_SAVED = "Đã lưu cách đọc {count} cột cho {unit}; tệp được kiểm tra lại theo cách đọc này."
UPLOAD_HELP_AFTER = "Xem lại các lần nạp ở trang **Chất lượng dữ liệu**."

# Sign-in and roles
AUTH_TITLE = "Đăng nhập"
AUTH_INTRO = (
    "Bảng điều khiển dành cho cán bộ UBND Quận 1, các phòng ban và 10 phường. "
    "Đăng nhập bằng tài khoản do Phòng Nội vụ cấp."
)
AUTH_USERNAME = "Tên đăng nhập"
AUTH_PASSWORD = "Mật khẩu"
AUTH_SUBMIT = "Đăng nhập"
AUTH_EMPTY = "Nhập tên đăng nhập và mật khẩu."
AUTH_USERS_FILE_BAD = (
    "Ứng dụng chưa thể mở vì tệp người dùng có vấn đề. Người quản trị máy chủ cần sửa các "
    "điểm sau rồi khởi động lại:"
)
AUTH_REMOVED = (
    "Tài khoản “{username}” không còn trong danh sách người dùng (đã bị xóa hoặc đổi). "
    "Bạn đã được đăng xuất; liên hệ Phòng Nội vụ nếu cần."
)
AUTH_SIGNED_IN_AS = "Đang đăng nhập: **{label}**"
AUTH_SIGN_OUT = "Đăng xuất"
AUTH_SIGNED_OUT = "Bạn đã đăng xuất."
AUTH_WALL_DISPLAY = "Chế độ màn hình trình chiếu: chỉ xem, không cần đăng nhập."
AUTH_DEMO_NOTE = (
    "**Bản trình diễn với dữ liệu mẫu.** Các tài khoản demo dưới đây dùng chung mật khẩu "
    "`{password}` (công khai, chỉ dùng cho bản demo):"
)
AUTH_DEMO_ACCOUNT = "- `{username}` — {role}"
AUTH_PAGE_FORBIDDEN = (
    "Tài khoản của bạn ({label}) không dùng được trang **{page}**: trang này dành cho {who}. "
    "Liên hệ Phòng Nội vụ nếu cần được cấp quyền."
)
AUTH_PAGE_FOR = {
    "upload": "cán bộ đơn vị nộp số liệu và quản trị viên",
    "view_audit": "quản trị viên (Phòng Nội vụ)",
}

# Upload by role
UPLOAD_SCOPE = "Tài khoản của bạn được nộp số liệu của: **{units}**."
UPLOAD_SCOPE_ALL = "Tài khoản quản trị được nộp số liệu của mọi đơn vị và phường."

# Admin page
ADMIN_TITLE = "Quản trị"
ADMIN_TAB_AUDIT = "Nhật ký thao tác"
ADMIN_TAB_LOADS = "Lượt nạp và hoàn tác"
ADMIN_TAB_TARGETS = "Chỉ tiêu"
ADMIN_TAB_USERS = "Người dùng"
ADMIN_ALL = "Tất cả"
ADMIN_AUDIT_ACTION = "Thao tác"
ADMIN_AUDIT_ACTOR = "Người thực hiện"
ADMIN_AUDIT_FROM = "Từ ngày"
ADMIN_AUDIT_TO = "Đến ngày"
ADMIN_AUDIT_COUNT = "{n} mục (mới nhất ở trên)"
ADMIN_AUDIT_EMPTY = "Nhật ký thao tác chưa có mục nào khớp điều kiện."
ADMIN_AUDIT_DOWNLOAD = "Tải nhật ký (.csv)"
ADMIN_AUDIT_FILE = "nhat_ky_thao_tac.csv"
ADMIN_LOADS_INTRO = (
    "Hoàn tác một lượt nạp xóa các dòng lượt đó đã nạp và khôi phục các giá trị nó đã thay "
    "thế, trong một giao dịch; mọi lần hoàn tác được ghi vào nhật ký."
)
ADMIN_LOADS_EMPTY = "Chưa có lượt nạp nào."
ADMIN_LOADS_SHOWN = "{shown} lượt nạp gần nhất (trong tổng số {total})."
ADMIN_LOAD_LINE = "**#{load_id}** · {when} · {name} · {kind} · {status} · {rows} dòng đã nạp"
ADMIN_LOAD_PICK = "Lượt nạp cũ hơn: nhập số lượt nạp"
ADMIN_LOAD_ROLLED_BACK = "Đã hoàn tác lúc {when} bởi {who}"
ADMIN_ROLLBACK = "Hoàn tác…"
ADMIN_ROLLBACK_PLAN = (
    "Hoàn tác lượt nạp **#{load_id}** (tệp “{name}”, nạp {when}) sẽ xóa **{delete}** dòng "
    "đã nạp và khôi phục **{restore}** dòng trước đó."
)
ADMIN_ROLLBACK_DEPENDANTS = (
    "Số liệu của lượt này đã bị các lượt nạp sau thay thế: {loads}. Chỉ hoàn tác được khi "
    "hoàn tác kèm các lượt đó."
)
ADMIN_ROLLBACK_CASCADE = "Hoàn tác kèm các lượt nạp phụ thuộc"
ADMIN_ROLLBACK_REASON = "Lý do hoàn tác (ghi vào nhật ký)"
ADMIN_ROLLBACK_CONFIRM = "Xác nhận hoàn tác"
ADMIN_CANCEL = "Hủy"
ADMIN_TARGET_YEAR = "Chỉ tiêu năm {year} (tệp {path})"
ADMIN_TARGET_PICK = "Chỉ số"
ADMIN_TARGET_CURRENT = "Chỉ tiêu hiện tại: **{text}**"
ADMIN_TARGET_NONE_FILE = "Năm {year} chưa có tệp chỉ tiêu; lưu lần đầu sẽ tạo tệp."
ADMIN_TARGET_TYPE = "Loại chỉ tiêu"
ADMIN_TARGET_VALUE = "Giá trị chỉ tiêu (ví dụ 95 hoặc 95,5)"
ADMIN_TARGET_PERCENT = "Mức giảm theo phần trăm (chỉ tiêu giảm; để trống nếu giảm theo số lượng)"
ADMIN_TARGET_SOURCE = "Căn cứ (mục của Kế hoạch hoặc văn bản giao chỉ tiêu)"
ADMIN_TARGET_NOTE = "Ghi chú (ai giao, văn bản nào)"
ADMIN_TARGET_SAVE = "Lưu chỉ tiêu"
ADMIN_TARGET_SAVED = (
    "Đã lưu chỉ tiêu `{code}` năm {year}: {old} → {new}. Thay đổi đã ghi vào nhật ký."
)
ADMIN_TARGET_UNCHANGED = "Chỉ tiêu không thay đổi, không có gì để lưu."
ADMIN_USERS_LIST = "Danh sách tài khoản ({path})"
ADMIN_USER_ADD = "Thêm tài khoản"
ADMIN_USER_NAME = "Họ tên hiển thị"
ADMIN_USER_ROLE = "Vai trò"
ADMIN_USER_UNIT = "Đơn vị (bắt buộc với tài khoản nộp số liệu)"
ADMIN_USER_NO_UNIT = "— không gắn đơn vị —"
ADMIN_USER_PASSWORD = "Mật khẩu (ít nhất 8 ký tự)"
ADMIN_USER_PASSWORD_AGAIN = "Nhập lại mật khẩu"
ADMIN_USER_PASSWORD_MISMATCH = "Hai lần nhập mật khẩu không khớp."
ADMIN_USER_ADDED = "Đã thêm tài khoản “{username}”."
ADMIN_USER_REMOVE = "Xóa tài khoản"
ADMIN_USER_REMOVE_CONFIRM = "Tôi chắc chắn muốn xóa tài khoản này"
ADMIN_USER_REMOVE_SELF = "Không thể tự xóa tài khoản đang đăng nhập."
ADMIN_USER_REMOVED = "Đã xóa tài khoản “{username}”."
ADMIN_USER_PICK = "Tài khoản"
ADMIN_USER_RESET = "Đặt lại mật khẩu"
ADMIN_USER_NEW_PASSWORD = "Mật khẩu mới"
ADMIN_USER_RESET_DONE = "Đã đặt lại mật khẩu cho “{username}”."
ADMIN_YES = "Có"

# Đối chiếu hồ sơ (views/doi_chieu_ho_so.py).
REG_TITLE = "Đối chiếu hồ sơ"
REG_GAPS = "Số liệu đơn vị báo cáo khác số liệu tính từ sổ hồ sơ"
REG_GAPS_HELP = (
    "Mỗi dòng là một chỉ số, phạm vi và tháng có cả số liệu đơn vị tự báo cáo và số liệu "
    "tính từ từng hồ sơ trong sổ theo dõi hồ sơ TTHC; chênh lệch lớn nhất ở trên. Các chỉ "
    "số về hồ sơ dùng số liệu tính từ sổ khi sổ có tháng đó."
)
REG_NO_GAPS = "Không có tháng nào số liệu báo cáo khác số liệu tính từ sổ hồ sơ."
REG_GAPS_SHOWN = "{shown}/{total} dòng chênh lệch lớn nhất"
REG_GAPS_FILE = "doi-chieu-ho-so.xlsx"
REG_OVERDUE = "Hồ sơ trễ hạn tháng {month}"
REG_OVERDUE_CARD = "Hồ sơ giải quyết trễ hạn"
REG_OVERDUE_HELP = "Hồ sơ có kết quả trong tháng, sau ngày hẹn trả (theo sổ hồ sơ)."
REG_SEARCH = "Tìm theo mã hồ sơ, lĩnh vực, thủ tục"
REG_APOLOGY = "Thư xin lỗi"
REG_NONE_OVERDUE = "Không có hồ sơ trễ hạn nào khớp bộ lọc."
REG_OVERDUE_FILE = "ho-so-tre-han-{month}.xlsx"
