import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import {
  acmeIntegration,
  createMockWeComApi,
  globexIntegration,
} from '../../../testing/fixtures';
import {
  acmeDefaultTemplate,
  incidentsPage,
  paymentsIncident,
  paymentsTemplate,
  searchIncident,
  truncatedPreview,
} from '../../../testing/incidentFixtures';
import { responseError } from '../../../testing/responseError';
import { CardTemplatesPanel } from './CardTemplatesPanel';

function mockApi() {
  const api = createMockWeComApi();
  api.listCardTemplates.mockResolvedValue([
    acmeDefaultTemplate,
    paymentsTemplate,
  ]);
  api.listIncidents.mockResolvedValue(incidentsPage());
  return api;
}

function renderPanel(
  api: ReturnType<typeof createMockWeComApi>,
  integrations: WeComIntegrationView[] = [acmeIntegration],
) {
  renderInTestApp(<CardTemplatesPanel integrations={integrations} />, {
    apis: [[wecomApiRef, api]],
  });
}

const titleField = () => screen.findByRole('textbox', { name: /^Title/ });
const bodyField = () => screen.getByRole('textbox', { name: /^Body/ });

async function chooseTemplate(name: RegExp) {
  await userEvent.click(screen.getByRole('button', { name: /Template$/ }));
  await userEvent.click(await screen.findByRole('option', { name }));
}

describe('CardTemplatesPanel', () => {
  it("edits the integration's default template and saves it", async () => {
    const api = mockApi();
    api.saveCardTemplate.mockImplementation(async template => ({
      ...template,
      updatedAt: '2026-11-26T10:00:00.000Z',
    }));
    renderPanel(api);

    const title = await titleField();
    expect(title).toHaveValue(acmeDefaultTemplate.title);
    expect(bodyField()).toHaveValue(acmeDefaultTemplate.body);
    expect(api.listCardTemplates).toHaveBeenCalledWith('acme');

    await userEvent.clear(title);
    // Pasted: typed, `{` starts a user-event key name.
    await userEvent.click(title);
    await userEvent.paste('{{upper severity}} {{title}}');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(api.saveCardTemplate).toHaveBeenCalledWith({
        integrationId: 'acme',
        title: '{{upper severity}} {{title}}',
        body: acmeDefaultTemplate.body,
      }),
    );
    expect(await screen.findByText('Template saved')).toBeInTheDocument();
    expect(api.listCardTemplates).toHaveBeenCalledTimes(2);
  });

  it("switches to a service's template and saves it for that service", async () => {
    const api = mockApi();
    api.saveCardTemplate.mockImplementation(async template => template);
    renderPanel(api);
    await titleField();

    await chooseTemplate(/component:default\/payments-api/);

    expect(await titleField()).toHaveValue(paymentsTemplate.title);
    await userEvent.click(bodyField());
    await userEvent.paste('\nRegion {{fields.region}}');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(api.saveCardTemplate).toHaveBeenCalledWith({
        integrationId: 'acme',
        entityRef: 'component:default/payments-api',
        title: paymentsTemplate.title,
        body: `${paymentsTemplate.body}\nRegion {{fields.region}}`,
      }),
    );
  });

  it('makes a template for a new service, completing its entity ref', async () => {
    const api = mockApi();
    const saved = {
      ...acmeDefaultTemplate,
      entityRef: 'component:default/search',
    };
    api.saveCardTemplate.mockResolvedValue(saved);
    renderPanel(api);
    await titleField();

    await chooseTemplate(/New service template/);
    // Starts from the integration's default.
    expect(await titleField()).toHaveValue(acmeDefaultTemplate.title);
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    await userEvent.type(
      screen.getByRole('textbox', { name: /^Service/ }),
      'search',
    );
    api.listCardTemplates.mockResolvedValue([
      acmeDefaultTemplate,
      paymentsTemplate,
      saved,
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(api.saveCardTemplate).toHaveBeenCalledWith({
        integrationId: 'acme',
        entityRef: 'component:default/search',
        title: acmeDefaultTemplate.title,
        body: acmeDefaultTemplate.body,
      }),
    );
    expect(await screen.findByText('Template saved')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Template$/ })).toHaveTextContent(
      'component:default/search',
    );
    expect(
      screen.queryByRole('textbox', { name: /^Service/ }),
    ).not.toBeInTheDocument();
  });

  it('says why a template was not saved', async () => {
    const api = mockApi();
    api.saveCardTemplate.mockRejectedValue(
      await responseError(400, 'Bad Request', {
        name: 'InputError',
        message: 'Invalid template: title: Parse error on line 1',
      }),
    );
    renderPanel(api);

    await userEvent.click(await screen.findByRole('button', { name: 'Save' }));

    expect(
      await screen.findByText(
        'Invalid template: title: Parse error on line 1 (400 Bad Request)',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Template saved')).not.toBeInTheDocument();
  });

  it('names the permission needed to change templates', async () => {
    const api = mockApi();
    api.saveCardTemplate.mockRejectedValue(
      await responseError(403, 'Forbidden', {
        name: 'NotAllowedError',
        message: 'Forbidden',
      }),
    );
    renderPanel(api);

    await userEvent.click(await screen.findByRole('button', { name: 'Save' }));

    expect(
      await screen.findByText(
        'You need the wecom.integration.manage permission',
      ),
    ).toBeInTheDocument();
  });

  it('previews the unsaved text against a chosen incident, with the warnings', async () => {
    const api = mockApi();
    api.previewCardTemplate.mockResolvedValue(truncatedPreview);
    renderPanel(api);
    await titleField();

    await userEvent.click(screen.getByRole('button', { name: /Incident$/ }));
    await userEvent.click(
      await screen.findByRole('option', {
        name: new RegExp(searchIncident.title),
      }),
    );
    await userEvent.type(bodyField(), '\nmore');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));

    await waitFor(() =>
      expect(api.previewCardTemplate).toHaveBeenCalledWith({
        integrationId: 'acme',
        incidentId: searchIncident.id,
        title: acmeDefaultTemplate.title,
        body: `${acmeDefaultTemplate.body}\nmore`,
      }),
    );

    expect(
      await screen.findByText(
        'This template failed to render; cards use the built-in default',
      ),
    ).toBeInTheDocument();
    const warnings = screen.getByRole('list', { name: 'Preview warnings' });
    expect(within(warnings).getAllByRole('listitem')).toHaveLength(2);
    expect(
      within(warnings).getByText(/the card shows the first 8 and ends the 8th/),
    ).toBeInTheDocument();

    const card = screen.getByRole('region', { name: 'Card preview' });
    expect(within(card).getByText('Backstage')).toBeInTheDocument();
    expect(
      within(card).getByRole('heading', {
        name: '[Critical] Payments API error rate above 5%',
      }),
    ).toBeInTheDocument();
    const lines = within(card).getByRole('list', { name: 'Card lines' });
    const lineItems = within(lines).getAllByRole('listitem');
    expect(lineItems).toHaveLength(8);
    expect(lineItems[7]).toHaveTextContent('line 8…');
    expect(within(card).getByText('Severity')).toBeInTheDocument();
    expect(
      within(card).getByRole('link', { name: 'Open in Backstage' }),
    ).toHaveAttribute(
      'href',
      `https://backstage.example.com/wecom/incidents/${paymentsIncident.id}`,
    );
    const buttons = within(card).getByRole('list', { name: 'Card buttons' });
    expect(
      within(buttons)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'Start Processing',
      'Close Directly',
      'Snooze 2 hours',
      'Refresh',
    ]);

    await userEvent.click(
      within(card).getByRole('button', { name: 'Card menu' }),
    );
    const menu = await screen.findByRole('menu');
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map(item => item.textContent),
    ).toEqual(['Snooze 30 minutes', 'Snooze 4 hours', 'Snooze 1 day']);
  });

  it('shows a clean preview without warnings', async () => {
    const api = mockApi();
    api.previewCardTemplate.mockResolvedValue({
      ...truncatedPreview,
      templateUsed: 'custom',
      warnings: [],
    });
    renderPanel(api);
    await titleField();

    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));

    expect(
      await screen.findByRole('region', { name: 'Card preview' }),
    ).toBeInTheDocument();
    expect(api.previewCardTemplate).toHaveBeenCalledWith(
      expect.objectContaining({ incidentId: paymentsIncident.id }),
    );
    expect(
      screen.queryByRole('list', { name: 'Preview warnings' }),
    ).not.toBeInTheDocument();
  });

  it('deletes a service template after confirmation and falls back to the default', async () => {
    const api = mockApi();
    api.deleteCardTemplate.mockResolvedValue();
    renderPanel(api);
    await titleField();
    await chooseTemplate(/component:default\/payments-api/);
    await titleField();

    api.listCardTemplates.mockResolvedValue([acmeDefaultTemplate]);
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        'Delete the template of component:default/payments-api?',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        "Cards then use the integration's default template.",
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );

    expect(api.deleteCardTemplate).toHaveBeenCalledWith({
      integrationId: 'acme',
      entityRef: 'component:default/payments-api',
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(await titleField()).toHaveValue(acmeDefaultTemplate.title);
  });

  it('starts from a plain template and offers no Delete when nothing is saved', async () => {
    const api = mockApi();
    api.listCardTemplates.mockResolvedValue([]);
    renderPanel(api);

    expect(await titleField()).toHaveValue('{{title}}');
    expect(bodyField()).toHaveValue('{{description}}');
    expect(
      screen.getByText(
        'No template saved here: cards use the built-in default template.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Delete' }),
    ).not.toBeInTheDocument();
  });

  it('lists the variables a template can use', async () => {
    renderPanel(mockApi());
    await titleField();

    const variables = screen.getByRole('list', { name: 'Template variables' });
    expect(
      within(variables).getByText('{{fields.region}}'),
    ).toBeInTheDocument();
    expect(within(variables).getByText('{{url}}')).toBeInTheDocument();
  });

  it('loads the templates of the integration picked', async () => {
    const api = mockApi();
    renderPanel(api, [acmeIntegration, globexIntegration]);
    await titleField();

    api.listCardTemplates.mockResolvedValue([]);
    await userEvent.click(screen.getByRole('button', { name: /Integration$/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: /Globex/ }),
    );

    await waitFor(() =>
      expect(api.listCardTemplates).toHaveBeenLastCalledWith('globex'),
    );
    await waitFor(async () =>
      expect(await titleField()).toHaveValue('{{title}}'),
    );
  });
});
