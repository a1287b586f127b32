// labels.js — Chinese names of the API's codes and fields, in one place.

export const PRODUCT = '流动人口服务管理信息平台';

// Person fields in display order, with the labels the server uses.
export const FIELDS = [
  ['id_number', '公民身份号码'],
  ['name', '姓名'],
  ['sex', '性别'],
  ['birth_date', '出生日期'],
  ['ethnicity', '民族'],
  ['hukou_division', '户籍地'],
  ['hukou_address', '户籍地详细地址'],
  ['residence_division', '现居住社区（村）'],
  ['residence_address', '现居住地详细地址'],
  ['flow', '流动类型'],
  ['management', '管理状态'],
  ['marital_status', '婚姻状况'],
  ['marriage_date', '初婚（结婚）日期'],
  ['arrival_date', '流入（流出）日期'],
  ['phone', '联系电话'],
];
export const FIELD_LABEL = Object.fromEntries(FIELDS);

export const SEX = { M: '男', F: '女' };
export const FLOW = [['inflow', '流入'], ['outflow', '流出']];
export const MANAGEMENT = [['floating', '流动管理'], ['resident', '转为常住管理'], ['handed_over', '已移交'], ['left', '已离开']];

// GB 3304 民族代码.
export const ETHNICITY = [
  ['01', '汉族'], ['02', '蒙古族'], ['03', '回族'], ['04', '藏族'], ['05', '维吾尔族'], ['06', '苗族'],
  ['07', '彝族'], ['08', '壮族'], ['09', '布依族'], ['10', '朝鲜族'], ['11', '满族'], ['12', '侗族'],
  ['13', '瑶族'], ['14', '白族'], ['15', '土家族'], ['16', '哈尼族'], ['17', '哈萨克族'], ['18', '傣族'],
  ['19', '黎族'], ['20', '傈僳族'], ['21', '佤族'], ['22', '畲族'], ['23', '高山族'], ['24', '拉祜族'],
  ['25', '水族'], ['26', '东乡族'], ['27', '纳西族'], ['28', '景颇族'], ['29', '柯尔克孜族'], ['30', '土族'],
  ['31', '达斡尔族'], ['32', '仫佬族'], ['33', '羌族'], ['34', '布朗族'], ['35', '撒拉族'], ['36', '毛南族'],
  ['37', '仡佬族'], ['38', '锡伯族'], ['39', '阿昌族'], ['40', '普米族'], ['41', '塔吉克族'], ['42', '怒族'],
  ['43', '乌孜别克族'], ['44', '俄罗斯族'], ['45', '鄂温克族'], ['46', '德昂族'], ['47', '保安族'],
  ['48', '裕固族'], ['49', '京族'], ['50', '塔塔尔族'], ['51', '独龙族'], ['52', '鄂伦春族'], ['53', '赫哲族'],
  ['54', '门巴族'], ['55', '珞巴族'], ['56', '基诺族'], ['97', '其他'], ['98', '外国血统中国籍人士'],
];

// GB/T 2261.2 婚姻状况代码.
export const MARITAL_STATUS = [
  ['10', '未婚'], ['20', '已婚'], ['21', '初婚'], ['22', '再婚'], ['23', '复婚'], ['30', '丧偶'], ['40', '离婚'],
  ['90', '未说明的婚姻状况'],
];

export const ROLE = {
  admin: '系统管理员', city_officer: '市人口计生委', town_officer: '镇/街道计生办',
  community_officer: '社区(村)专管员', police_liaison: '派出所/协管民警', department: '职能部门',
  warden: '保安综治员', liaison: '计生协会联络员', employer: '用工单位/雇主', landlord: '出租户',
};

export const AUDIT_ACTION = [
  ['login', '登录'], ['logout', '退出登录'], ['password.change', '修改密码'],
  ['person.search', '查询档案'], ['person.read', '查看档案'], ['person.history', '查看变更历史'],
  ['person.lookup', '异地查询'], ['person.create', '登记档案'], ['person.update', '修改档案'],
  ['audit.search', '查询审计记录'],
  ['user.add', '新增用户'], ['user.disable', '停用用户'], ['user.unlock', '解锁用户'],
  ['user.reset_password', '重置密码'],
];

const OUTCOME = {
  ok: '成功', failed: '失败', throttled: '受限（须等待）', locked: '已锁定', not_found: '不存在',
  out_of_scope: '超出管辖范围', version_conflict: '版本冲突', duplicate_person: '重复登记',
  invalid_id_number: '身份号码不正确', invalid_input: '输入不正确', missing_field: '缺少必填项',
  invalid_date: '日期不正确', invalid_division: '区划代码不正确', invalid_code: '代码不正确',
  flow_rule_violated: '与流动类型不符', account_locked: '账号已锁定',
};

const tables = {
  ethnicity: Object.fromEntries(ETHNICITY),
  marital_status: Object.fromEntries(MARITAL_STATUS),
  flow: Object.fromEntries(FLOW),
  management: Object.fromEntries(MANAGEMENT),
  sex: SEX,
};

/** The Chinese name of a field's coded value ("01" → 汉族); other values as they are; '' when empty. */
export function valueLabel(field, value) {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'object') return value.name || value.code || '';
  const table = tables[field];
  return (table && table[value]) || String(value);
}

export const actionLabel = (action) => Object.fromEntries(AUDIT_ACTION)[action] || action;
export const outcomeLabel = (outcome) => OUTCOME[outcome] || outcome;

/** "2026-11-29T06:29:57+00:00" → "2026-11-29 14:29:57" in the office's (the browser's) time zone. */
export function dateTime(text) {
  const d = new Date(text);
  if (!text || Number.isNaN(d.getTime())) return text || '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
