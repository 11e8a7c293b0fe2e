import { TextLimit } from '../../text/fitText';

/**
 * How much WeCom takes in each `template_card` field we fill, as
 * `message/send` (official page document/path/90236, "模板卡片消息",
 * 按钮交互型) describes it. The official page could not be fetched here; the
 * numbers come from SDKs that copy its field tables word for word and agree
 * with each other: binarywang/WxJava `weixin-java-cp/.../WxCpMessage.java`
 * and the qyweixin PHP SDK `TemplateCard/Button.php`. Details and what is
 * unverified: docs/wecom-protocol.md, "Template card limits".
 *
 * - Text fields are given in 字 (CJK characters) as recommendations
 *   ("建议不超过N个字"): they are about room on the card. We count a CJK or
 *   any other non-ASCII character as one 字 and an ASCII character as half
 *   of one (it is about half as wide), so "Start Processing" fits a
 *   button's 10. How WeCom counts Latin text is unverified.
 * - Keys and the task id are hard limits in UTF-8 bytes.
 */

export const CARD_LIMITS = {
  /** source.desc: 建议不超过20个字. */
  sourceDesc: { width: 20 },
  /** main_title.title: 建议不超过36个字. */
  mainTitle: { width: 36 },
  /** main_title.desc: 建议不超过44个字. */
  mainTitleDesc: { width: 44 },
  /** sub_title_text: 建议不超过160个字. */
  subTitleText: { width: 160 },
  /** horizontal_content_list.keyname: 建议不超过5个字. */
  rowName: { width: 5 },
  /** horizontal_content_list.value: 建议不超过30个字. */
  rowValue: { width: 30 },
  /** button_list.text: 建议不超过10个字. */
  buttonText: { width: 10 },
  /** action_menu.desc: no documented limit; we keep to source.desc's 20 (unverified). */
  menuDesc: { width: 20 },
  /** action_menu.action_list.text: no documented limit; we keep to a button's 10 (unverified). */
  menuText: { width: 10 },
  /** button_list.key and action_list.key: 最长支持1024字节. */
  key: { bytes: 1024 },
  /** task_id: 最长128字节, only digits, letters and `_-@`. */
  taskId: { bytes: 128 },
} as const satisfies Record<string, TextLimit>;

export const CARD_COUNTS = {
  /** horizontal_content_list: 列表长度不超过6. */
  rows: 6,
  /** button_list: 列表长度不超过6. */
  buttons: 6,
  /** action_menu.action_list: 列表长度取值范围为 [1, 3]. */
  menuEntries: 3,
  /** Ours, not WeCom's: the custom area shows at most 8 lines. */
  customAreaLines: 8,
} as const;

/** task_id: digits, letters and `_-@`, at most 128 bytes (all ASCII). */
export const TASK_ID_PATTERN = /^[A-Za-z0-9_\-@]{1,128}$/;
