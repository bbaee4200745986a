"""The input schema: one department, one year, leaf facts only.

Nothing here is a total, a parent row, a share or a change: those are computed in `gen.compute`.
Every field has a Chinese title, used in messages to budget officers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from models.amount import Amount, Quantity
from models.fields import Code, Schema, Text
from models.performance import Performance


class FundSource(StrEnum):
    """Where money comes from (资金来源), in the national order."""

    GENERAL = "一般公共预算"
    GOV_FUND = "政府性基金预算"
    STATE_CAPITAL = "国有资本经营预算"
    SPECIAL_ACCOUNT = "财政专户管理资金"
    PUBLIC_INSTITUTION = "事业收入"
    INSTITUTION_OPERATING = "事业单位经营收入"
    SUPERIOR_GRANT = "上级补助收入"
    SUBSIDIARY_REMIT = "附属单位上缴收入"
    OTHER = "其他收入"


# 财政拨款: the three budgets the finance bureau appropriates.
APPROPRIATIONS = (FundSource.GENERAL, FundSource.GOV_FUND, FundSource.STATE_CAPITAL)


class UnitKind(StrEnum):
    ADMINISTRATIVE = "行政"
    CIVIL_SERVICE_MANAGED = "参公"
    PUBLIC_INSTITUTION = "事业"
    ENTERPRISE = "企业"


class ProjectGroup(StrEnum):
    """Grouping row of the 项目支出预算表 (31 本级支出项目 …)."""

    OWN = "本级支出项目"
    TRANSFER = "对下转移支付项目"


class ProjectCategory(StrEnum):
    RECURRING = "经常性"
    ONE_OFF = "一次性"
    MULTI_YEAR = "延续性"


def _project_category(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().removesuffix("项目")
        # Many forms say 递延性 or 常年 for the official 延续性 / 经常性.
        return {"递延性": "延续性", "常年": "经常性", "常年性": "经常性"}.get(text, text)
    return value


class ProcurementCategory(StrEnum):
    GOODS = "货物"
    SERVICES = "服务"
    WORKS = "工程"


# ---------------------------------------------------------------- meta and 基本情况


class Department(Schema):
    code: Code = Field(title="部门编码")
    name: str = Field(title="部门全称", min_length=2)
    short_name: str | None = Field(None, title="部门简称")


class Meta(Schema):
    department: Department = Field(title="部门")
    year: int = Field(title="预算年度", ge=2000, le=2100)
    edition: int | None = Field(None, title="科目版本年度（默认同预算年度）", ge=2000, le=2100)
    amount_unit: str = Field("万元", title="金额单位", pattern="^(万元|元)$")
    profile: str = Field("national", title="模板名称")
    region: str | None = Field(None, title="地区（如“江汉区”，用于表格标题）")
    phone: str | None = Field(None, title="公开咨询电话")
    contact_person: str | None = Field(None, examples=["王敏"], title="联系人")
    contact_details: str | None = Field(
        None, examples=["027-85394642，jhgafj@example.gov.cn"], title="联系方式（电话、邮箱、地址等）"
    )
    filled_on: dt.date | None = Field(None, title="填报日期")
    prior: str | None = Field(None, title="上年预算输入文件（相对本文件）")
    extra_codes: str | None = Field(None, examples=["补充科目.yaml"], title="补充科目文件（相对本文件）")
    tolerance: Amount = Field(Decimal("0"), title="核对容差（金额）", ge=0)

    @property
    def code_edition(self) -> int:
        return self.edition or self.year


class Headcount(Schema):
    kind: str = Field(title="类别")
    count: int = Field(title="人数", ge=0)


class Staffing(Schema):
    as_of: str | None = Field(None, title="统计时点（如 2022年12月）")
    authorized: list[Headcount] = Field(default_factory=list, title="编制数（按编制类别）")
    in_service: list[Headcount] = Field(default_factory=list, title="在职实有人数（按人员类别）")
    retired_lixiu: int | None = Field(None, title="离休人数", ge=0)
    retired_tuixiu: int | None = Field(None, title="退休人数", ge=0)


class Overview(Schema):
    function_summary: Text | None = Field(
        None,
        examples=["本局是区政府主管全区公安工作的职能部门，主要职能是："],
        title="职能概述（印在各条主要职能之前的一段）",
    )
    functions: list[Text] = Field(default_factory=list, title="主要职能")
    composition: Text | None = Field(
        None, examples=["本部门由局机关本级和交警大队2家单位组成。"], title="预算单位构成说明"
    )
    staffing: Staffing = Field(default_factory=Staffing, title="人员构成")


class Unit(Schema):
    code: Code = Field(title="单位编码")
    name: str = Field(title="单位名称", min_length=2)
    short_name: str | None = Field(None, title="单位简称")
    kind: UnitKind = Field(title="单位性质")


# ---------------------------------------------------------------- income


class IncomeItem(Schema):
    unit: Code | None = Field(None, title="单位编码")
    source: FundSource = Field(title="收入来源")
    amount: Amount = Field(title="金额")


class CarryoverItem(Schema):
    unit: Code | None = Field(None, examples=["118001"], title="单位编码")
    fund: FundSource = Field(title="资金性质")
    amount: Amount = Field(title="上年结转（结余）金额")


# ---------------------------------------------------------------- expenditure


class FunctionLeaf(Schema):
    """One 功能分类 code and fund source; amounts by expenditure type."""

    code: Code = Field(title="功能分类科目编码")
    name: str | None = Field(None, examples=["行政运行"], title="科目名称（可省略，按科目表）")
    fund: FundSource = Field(FundSource.GENERAL, title="资金来源")
    personnel: Amount | None = Field(None, title="基本支出-人员经费")
    public: Amount | None = Field(None, title="基本支出-公用经费")
    project: Amount | None = Field(None, title="项目支出")
    institution_operating: Amount | None = Field(None, title="事业单位经营支出")
    remit_upper: Amount | None = Field(None, title="上缴上级支出")
    subsidiary_grant: Amount | None = Field(None, title="对附属单位补助支出")
    unsplit: Amount | None = Field(None, title="未细分金额（仅知合计时，如上年数据）")
    carried_over: bool = Field(False, title="资金来自上年结转（结余）")


class EconomicLeaf(Schema):
    """One 部门预算支出经济分类 款 of 基本支出; rows listed with no amount are printed empty."""

    code: Code = Field(title="经济分类科目编码")
    name: str | None = Field(None, examples=["行政运行"], title="科目名称（可省略，按科目表）")
    fund: FundSource = Field(FundSource.GENERAL, title="资金来源")
    personnel: Amount | None = Field(None, title="人员经费")
    public: Amount | None = Field(None, title="公用经费")


class UnitExpenditure(Schema):
    unit: Code = Field(title="单位编码")
    fund: FundSource = Field(FundSource.GENERAL, title="资金来源")
    personnel: Amount | None = Field(None, title="基本支出-人员经费")
    public: Amount | None = Field(None, title="基本支出-公用经费")
    project: Amount | None = Field(None, title="项目支出（可不填：按该单位各项目合计）")


class TypeBreakdown(Schema):
    """Department-level amounts by type, for a year known more coarsely than its function leaves (上年).

    Published prior-year documents reveal the total and 基本/项目, often not 人员/公用: each is typed
    only when known, and the rest is derived (基本 = 人员 + 公用, 合计 = 基本 + 项目) or stays unknown.
    """

    total: Amount | None = Field(None, title="支出合计（仅知部门总额时）")
    basic: Amount | None = Field(None, title="基本支出")
    personnel: Amount | None = Field(None, title="人员经费")
    public: Amount | None = Field(None, title="公用经费")
    project: Amount | None = Field(None, title="项目支出")


class Expenditure(Schema):
    functional: list[FunctionLeaf] = Field(default_factory=list, title="支出功能分类明细")
    economic: list[EconomicLeaf] = Field(default_factory=list, title="基本支出经济分类明细")
    by_unit: list[UnitExpenditure] = Field(default_factory=list, title="分单位支出")
    type_breakdown: TypeBreakdown | None = Field(
        None, title="按类型的部门金额（仅功能分类未细分到类型时，如上年数据）"
    )


class Project(Schema):
    code: Code = Field(title="项目编码")
    name: str = Field(title="项目名称", min_length=2)
    unit: Code = Field(title="项目单位编码")
    group: ProjectGroup = Field(ProjectGroup.OWN, title="项目级次")
    category: Annotated[ProjectCategory, BeforeValidator(_project_category)] = Field(
        title="项目类别（经常性/一次性/延续性）"
    )
    function_code: Code = Field(title="功能分类科目编码")
    total_budget: Amount | None = Field(None, title="项目总预算（延续性项目填写）")
    general: Amount | None = Field(None, title="本年拨款-一般公共预算")
    gov_fund: Amount | None = Field(None, title="本年拨款-政府性基金预算")
    state_capital: Amount | None = Field(None, title="本年拨款-国有资本经营预算")
    carry_general: Amount | None = Field(None, title="财政拨款结转结余-一般公共预算")
    carry_gov_fund: Amount | None = Field(None, title="财政拨款结转结余-政府性基金预算")
    carry_state_capital: Amount | None = Field(None, title="财政拨款结转结余-国有资本经营预算")
    special_account: Amount | None = Field(None, title="财政专户管理资金")
    unit_funds: Amount | None = Field(None, title="单位资金")
    purpose: Text | None = Field(None, title="主要支出方向和用途")
    overview: Text | None = Field(
        None,
        examples=["对全区视频监控设施进行日常运维，保障设施完好率不低于95%。"],
        title="项目概述（逐项说明项目时印出）",
    )


PROJECT_SOURCE_FIELDS = (
    "general",
    "gov_fund",
    "state_capital",
    "carry_general",
    "carry_gov_fund",
    "carry_state_capital",
    "special_account",
    "unit_funds",
)


# ---------------------------------------------------------------- 三公


class ThreePublicItem(Schema):
    amount: Amount | None = Field(None, title="本年预算")
    prior_amount: Amount | None = Field(None, title="上年预算")
    reason: Text | None = Field(None, examples=["压减出国团组"], title="变动原因")
    usage: Text | None = Field(None, examples=["按规定开支的各类公务接待费用"], title="主要用途")


class VehiclePlan(Schema):
    kind: str = Field(examples=["执法执勤用车"], title="车辆类别（如“执法执勤用车”）", min_length=1)
    count: int = Field(title="计划购置数量（辆）", ge=0)


class ThreePublic(Schema):
    scope: Text | None = Field(None, title="单位范围说明")
    abroad: ThreePublicItem = Field(default_factory=ThreePublicItem, title="因公出国（境）费")
    reception: ThreePublicItem = Field(default_factory=ThreePublicItem, title="公务接待费")
    vehicle_purchase: ThreePublicItem = Field(default_factory=ThreePublicItem, title="公务用车购置费")
    vehicle_operation: ThreePublicItem = Field(default_factory=ThreePublicItem, title="公务用车运行维护费")
    vehicle_plan: list[VehiclePlan] = Field(
        default_factory=list, title="公务用车购置计划（按车辆类别；不购置写成空列表）"
    )


# ---------------------------------------------------------------- 政府采购 / 购买服务


class ProcurementRow(Schema):
    unit: Code = Field(title="单位编码")
    unit_name: str | None = Field(
        None, examples=["武汉市江汉区交通大队"], title="单位名称（可省略，按单位表）"
    )
    project: str = Field(title="项目（或“在职人员公用”等基本支出）")
    project_code: Code | None = Field(None, title="项目编码")
    item_code: Code = Field(title="政府采购品目编码")
    item_name: str = Field(title="政府采购品目名称")
    category: ProcurementCategory | None = Field(None, title="采购类别（默认按品目编码 A/B/C）")
    function_code: Code = Field(title="功能科目编码")
    function_name: str | None = Field(None, title="功能科目名称")
    economic_code: Code = Field(title="部门支出经济分类编码")
    economic_name: str | None = Field(None, title="经济分类名称")
    fund_origin: str | None = Field(None, title="资金来源")
    fund_nature: str | None = Field(None, title="资金性质")
    fund: FundSource | None = Field(None, title="预算类别（按资金来源分列金额时填写）")
    quantity: Quantity | None = Field(None, title="采购数量")
    unit_price: Amount | None = Field(None, title="单价")
    measure: str | None = Field(None, examples=["辆"], title="计量单位")
    amount: Amount = Field(title="采购金额")
    sme_amount: Amount | None = Field(None, title="其中面向中小企业")
    micro_amount: Amount | None = Field(None, title="其中面向小微企业")


class PurchasedService(Schema):
    unit: Code = Field(title="单位编码")
    unit_name: str | None = Field(None, examples=["武汉市江汉区交通大队"], title="单位名称（可省略）")
    via_procurement: bool = Field(title="是否包含政府采购")
    project: str = Field(title="项目")
    project_code: Code | None = Field(None, title="项目编码")
    content: str = Field(title="政府购买服务内容")
    quantity: Quantity | None = Field(None, title="购买数量")
    amount: Amount = Field(title="购买金额")
    fund_origin: str | None = Field(None, title="资金来源")
    fund_nature: str | None = Field(None, title="资金性质")
    function_code: Code = Field(title="支出功能分类科目编码")
    function_name: str | None = Field(None, title="功能科目名称")
    economic_code: Code = Field(title="部门支出经济分类编码")
    economic_name: str | None = Field(None, title="经济分类名称")
    catalog: list[str] = Field(
        default_factory=list, title="政府购买服务指导目录（一级、二级、三级）", max_length=3
    )


# ---------------------------------------------------------------- other matters


class OperatingCostScope(StrEnum):
    """Which 公用经费 count as 机关运行经费 (the national definition covers 行政 and 参公 units)."""

    ADMIN_UNITS_PUBLIC = "行政及参公单位公用经费"
    ALL_PUBLIC = "全部公用经费"
    STATED = "按填报金额"


class OperatingCosts(Schema):
    scope: OperatingCostScope = Field(OperatingCostScope.ADMIN_UNITS_PUBLIC, title="口径")
    amount: Amount | None = Field(None, title="金额（仅口径为“按填报金额”时）")
    items: Text | None = Field(None, title="主要包括")


class VehicleCount(Schema):
    kind: str = Field(title="车辆类别")
    count: int = Field(title="数量（辆）", ge=0)


class Assets(Schema):
    as_of: dt.date | None = Field(None, title="统计时点")
    holder: str | None = Field(None, title="占有单位称谓（如“区公安局”）")
    building_area: Quantity | None = Field(None, title="房屋面积（平方米）")
    vehicles: list[VehicleCount] = Field(default_factory=list, title="车辆")
    equipment: Text | None = Field(
        None, examples=["单价100万元以上的大型设备2台。"], title="大型设备等其他说明"
    )


class SummaryReasons(Schema):
    """Reasons for the summary items `budgetdoc diff` lists, by name (a misspelled one is refused)."""

    basic: Text | None = Field(None, examples=["上年含一次性项目，本年不再安排"], title="基本支出")
    personnel: Text | None = Field(None, examples=["上年含一次性项目，本年不再安排"], title="人员经费")
    public: Text | None = Field(None, examples=["上年含一次性项目，本年不再安排"], title="公用经费")
    project: Text | None = Field(None, examples=["上年含一次性项目，本年不再安排"], title="项目支出")
    three_public: Text | None = Field(None, examples=["上年含一次性项目，本年不再安排"], title="“三公”经费")
    operating_costs: Text | None = Field(
        None, examples=["上年含一次性项目，本年不再安排"], title="机关运行经费"
    )
    procurement: Text | None = Field(None, examples=["上年含一次性项目，本年不再安排"], title="政府采购预算")


class ChangeReasons(Schema):
    """Why an item changed from last year, keyed as `budgetdoc diff` lists the items.

    The summary's keys are fixed fields; the others are codes, checked against both years (REF-006).
    """

    summary: SummaryReasons = Field(default_factory=SummaryReasons, title="汇总项目的变动原因")
    function: dict[Code, Text] = Field(
        default_factory=dict,
        examples=[{"204": "基本建设项目完工，本年不再安排"}],
        title="各功能分类科目的变动原因",
    )
    economic: dict[Code, Text] = Field(
        default_factory=dict, examples=[{"302": "压减一般性支出"}], title="各经济分类科目的变动原因"
    )
    unit: dict[Code, Text] = Field(
        default_factory=dict, examples=[{"118002": "新增交通设施运维"}], title="各单位的变动原因"
    )
    project: dict[Code, Text] = Field(
        default_factory=dict, examples=[{"42010323118T000000104": "办案量增加"}], title="各项目的变动原因"
    )


class Narrative(Schema):
    """The officer's own prose; every figure around it is computed."""

    change_reason: Text | None = Field(
        None, examples=["上年含一次性基建项目"], title="收支总预算变动原因（补充说明）"
    )
    general_change_reason: Text | None = Field(
        None, examples=["人员经费随工资标准调整"], title="一般公共预算拨款变动原因（补充说明）"
    )
    basic_change_label: str | None = Field(None, title="基本支出变动的说法（如“在职人员工资福利”）")
    project_change_label: str | None = Field(None, title="项目支出变动的说法（如“基本建设项目”）")
    basic_usage: Text | None = Field(
        None, examples=["保障机构正常运转和在职人员工资福利"], title="基本支出主要用途"
    )
    project_usage: Text | None = Field(
        None, examples=["完成执法办案、信息化运维等特定工作任务"], title="项目支出主要用途"
    )
    function_usage: dict[Code, Text] = Field(
        default_factory=dict, title="各功能分类科目主要用途（键为科目编码）"
    )
    economic_usage: dict[Code, Text] = Field(
        default_factory=dict, title="各经济分类科目主要用途（键为科目编码）"
    )
    procurement_usage: dict[ProcurementCategory, Text] = Field(
        default_factory=dict, title="政府采购各类别内容"
    )
    purchased_services_usage: Text | None = Field(None, title="政府购买服务内容")
    change_reasons: ChangeReasons = Field(
        default_factory=ChangeReasons, title="各项变动原因（见 budgetdoc diff）"
    )
    abroad_note: Text | None = Field(None, title="因公出国（境）费说明")


# Lists an input may leave out: left out, the input does not say (a prior year typed from last year's
# published text has no procurement lines); written empty (`procurement: []`, or the sheet kept and
# left blank), it says there are none. Compute and the documents tell the two apart.
STATED_LISTS: tuple[tuple[str, ...], ...] = (
    ("units",),
    ("expenditure", "functional"),
    ("expenditure", "economic"),
    ("expenditure", "by_unit"),
    ("projects",),
    ("procurement",),
    ("purchased_services",),
    ("performance", "overall_forms"),
    ("performance", "project_forms"),
    ("three_public", "vehicle_plan"),
)


class Budget(Schema):
    """One department's budget for one year.

    Unknown is never zero: a part the input leaves out is not revealed (see STATED_LISTS), and a
    document that needs it says so; only what the input writes, empty lists included, is stated.
    """

    meta: Meta = Field(title="基本信息")
    overview: Overview = Field(default_factory=Overview, title="基本情况")
    units: list[Unit] = Field(default_factory=list, title="预算单位")
    income: list[IncomeItem] = Field(default_factory=list, title="收入")
    carryover: list[CarryoverItem] = Field(default_factory=list, title="上年结转（结余）")
    expenditure: Expenditure = Field(default_factory=Expenditure, title="支出")
    projects: list[Project] = Field(default_factory=list, title="项目")
    three_public: ThreePublic = Field(default_factory=ThreePublic, title="“三公”经费")
    procurement: list[ProcurementRow] = Field(default_factory=list, title="政府采购")
    purchased_services: list[PurchasedService] = Field(default_factory=list, title="政府购买服务")
    operating_costs: OperatingCosts = Field(default_factory=OperatingCosts, title="机关运行经费")
    assets: Assets = Field(default_factory=Assets, title="国有资产占有使用情况")
    performance: Performance = Field(default_factory=Performance, title="预算绩效")
    narrative: Narrative = Field(default_factory=Narrative, title="文字说明")
