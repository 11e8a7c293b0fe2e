import { readRedirectPath } from '../../workspace/redirectPath';
import { incidentDetailUrl, incidentListUrl } from './incidentDetailUrl';

const options = {
  appBaseUrl: 'https://backstage.example.com',
  wecomBaseUrl: 'https://backstage.example.com/api/wecom',
};

describe('incidentDetailUrl', () => {
  it("opens the incident through the sending integration's workspace sign-in", () => {
    const url = new URL(
      incidentDetailUrl({ ...options, workspaceLogin: true })(
        '3f1c9a52',
        'acme corp',
      ),
    );
    expect(`${url.origin}${url.pathname}`).toBe(
      'https://backstage.example.com/api/wecom/integrations/acme%20corp/workspace',
    );
    expect(url.searchParams.get('redirect')).toBe('/wecom/incidents/3f1c9a52');
    // The workspace login takes the redirect as it is.
    expect(readRedirectPath(url.searchParams.get('redirect'))).toBe(
      '/wecom/incidents/3f1c9a52',
    );
  });

  it('keeps an id that tries to leave the app inside the incident path', () => {
    const url = new URL(
      incidentDetailUrl({ ...options, workspaceLogin: true })(
        '/../../evil.com',
        'acme',
      ),
    );
    const redirect = url.searchParams.get('redirect')!;
    expect(redirect).toBe('/wecom/incidents/%2F..%2F..%2Fevil.com');
    expect(readRedirectPath(redirect)).toBe(redirect);
  });

  it('links the page directly when the workspace login cannot sign anyone in, or the integration is unknown', () => {
    expect(
      incidentDetailUrl({ ...options, workspaceLogin: false })('i-1', 'acme'),
    ).toBe('https://backstage.example.com/wecom/incidents/i-1');
    expect(incidentDetailUrl({ ...options, workspaceLogin: true })('i-1')).toBe(
      'https://backstage.example.com/wecom/incidents/i-1',
    );
  });
});

describe('incidentListUrl', () => {
  it("opens the incident list, the storm digest's link, through the same workspace sign-in", () => {
    const url = new URL(
      incidentListUrl({ ...options, workspaceLogin: true })('acme'),
    );
    expect(`${url.origin}${url.pathname}`).toBe(
      'https://backstage.example.com/api/wecom/integrations/acme/workspace',
    );
    expect(url.searchParams.get('redirect')).toBe('/wecom/incidents');
    expect(readRedirectPath(url.searchParams.get('redirect'))).toBe(
      '/wecom/incidents',
    );
    expect(incidentListUrl({ ...options, workspaceLogin: false })('acme')).toBe(
      'https://backstage.example.com/wecom/incidents',
    );
  });
});
