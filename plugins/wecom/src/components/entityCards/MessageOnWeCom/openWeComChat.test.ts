import {
  ChatEnvironment,
  configuredJsSdk,
  isInsideWeCom,
  openChatWithJsSdk,
  wecomChatDeepLink,
} from './openWeComChat';

const DESKTOP_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const WECOM_MOBILE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.20 MicroMessenger/7.0.1 Language/zh';

function env(userAgent: string, extra: Partial<ChatEnvironment> = {}) {
  return { navigator: { userAgent }, location: { href: '' }, ...extra };
}

describe('opening a WeCom chat', () => {
  it('links the desktop client with the userid escaped', () => {
    expect(wecomChatDeepLink('ZhangSan')).toBe(
      'wxwork://message?username=ZhangSan',
    );
    expect(wecomChatDeepLink('a&b=c')).toBe(
      'wxwork://message?username=a%26b%3Dc',
    );
  });

  it("recognises WeCom's browser by its user agent", () => {
    expect(isInsideWeCom(env(WECOM_MOBILE))).toBe(true);
    expect(isInsideWeCom(env(DESKTOP_CHROME))).toBe(false);
  });

  it('opens a one-to-one chat through a configured JS-SDK inside WeCom', () => {
    const wx = { openEnterpriseChat: jest.fn() };
    expect(openChatWithJsSdk('ZhangSan', env(WECOM_MOBILE, { wx }))).toBe(true);
    expect(wx.openEnterpriseChat).toHaveBeenCalledWith(
      expect.objectContaining({
        userIds: 'ZhangSan',
        externalUserIds: '',
        groupName: '',
        chatId: '',
      }),
    );
  });

  it('uses the newer ww SDK when the page has it instead', () => {
    const ww = { openEnterpriseChat: jest.fn() };
    expect(configuredJsSdk(env(WECOM_MOBILE, { ww }))).toBe(ww);
  });

  it('leaves the deep link to the browser outside WeCom, or without an SDK that can open chats', () => {
    const wx = { openEnterpriseChat: jest.fn() };
    expect(openChatWithJsSdk('ZhangSan', env(DESKTOP_CHROME, { wx }))).toBe(
      false,
    );
    expect(wx.openEnterpriseChat).not.toHaveBeenCalled();
    expect(openChatWithJsSdk('ZhangSan', env(WECOM_MOBILE))).toBe(false);
    expect(
      openChatWithJsSdk('ZhangSan', env(WECOM_MOBILE, { wx: { config() {} } })),
    ).toBe(false);
  });

  it('falls back to the deep link when the SDK refuses (no agentConfig)', () => {
    const page = env(WECOM_MOBILE, {
      wx: {
        openEnterpriseChat: (params: { fail: (r: object) => void }) =>
          params.fail({ errMsg: 'openEnterpriseChat:no permission' }),
      },
    });
    expect(openChatWithJsSdk('ZhangSan', page)).toBe(true);
    expect(page.location.href).toBe('wxwork://message?username=ZhangSan');
  });
});
