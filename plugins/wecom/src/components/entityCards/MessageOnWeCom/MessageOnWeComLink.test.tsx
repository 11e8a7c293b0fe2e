import { fireEvent, render, screen } from '@testing-library/react';
import { MessageOnWeComLink } from './MessageOnWeComLink';

const WECOM_DESKTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) wxwork/4.1.22 (MicroMessenger/6.2) WindowsWechat';

describe('MessageOnWeComLink', () => {
  it('opens the chat through the configured JS-SDK inside WeCom instead of following the link', () => {
    const wx = { openEnterpriseChat: jest.fn() };
    render(
      <MessageOnWeComLink
        wecomUserId="ZhangSan"
        name="zhangsan"
        environment={{
          navigator: { userAgent: WECOM_DESKTOP },
          location: { href: '' },
          wx,
        }}
      />,
    );
    const link = screen.getByRole('link', {
      name: 'Message zhangsan on WeCom',
    });
    expect(link).toHaveAttribute('href', 'wxwork://message?username=ZhangSan');

    const followed = fireEvent.click(link);
    expect(followed).toBe(false); // default prevented
    expect(wx.openEnterpriseChat).toHaveBeenCalledWith(
      expect.objectContaining({ userIds: 'ZhangSan', groupName: '' }),
    );
  });

  it('lets the browser follow the deep link elsewhere', () => {
    render(<MessageOnWeComLink wecomUserId="LiSi" name="lisi" />);
    const link = screen.getByRole('link', { name: 'Message lisi on WeCom' });

    // jsdom's user agent is not WeCom's: nothing stops the deep link.
    expect(fireEvent.click(link)).toBe(true);
  });
});
