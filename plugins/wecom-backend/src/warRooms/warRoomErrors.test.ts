import { WeComApiError } from '../connector';
import { describeWeComFailure } from './warRoomErrors';

const apiError = (errcode: number, api = '/cgi-bin/appchat/create') =>
  new WeComApiError({ errcode, errmsg: 'x', api });

describe('describeWeComFailure', () => {
  it('says an appchat 48002 means the visible range is not the root department', () => {
    expect(describeWeComFailure(apiError(48002))).toContain(
      'visible range (可见范围) is the root department',
    );
  });

  it('keeps the generic 48002 hint for other APIs', () => {
    const described = describeWeComFailure(
      apiError(48002, '/cgi-bin/user/get'),
    );
    expect(described).toContain('Contacts (通讯录)');
    expect(described).not.toContain('use group chats: set');
  });

  it('does not blame the visible range for 86220 (invalid session parameters)', () => {
    expect(describeWeComFailure(apiError(86220))).not.toContain(
      'root department',
    );
  });

  it.each([
    [86003, /does not exist/],
    [86007, /not a valid member/],
    [86008, /another app created/],
  ])('explains %i', (errcode, expected) => {
    expect(describeWeComFailure(apiError(errcode))).toMatch(expected);
  });
});
