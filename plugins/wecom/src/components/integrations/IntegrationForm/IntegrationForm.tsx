import { FormEvent, useEffect, useRef, useState } from 'react';
import {
  Flex,
  Radio,
  RadioGroup,
  Switch,
  Text,
  TextField,
} from '@backstage/ui';
import {
  WECOM_PUBLIC_API_BASE_URL,
  WeComBotTransport,
  WeComIntegrationInput,
  WeComIntegrationMode,
  WeComIntegrationView,
  WeComSuiteSummary,
} from 'backstage-plugin-wecom-common';
import {
  emptyFormValues,
  FormErrors,
  formValuesFromView,
  IntegrationFormValues,
  SecretKey,
  secretFieldSpecs,
} from './formValues';
import { SecretField } from './SecretField';
import { SuiteChoice } from './SuiteChoice';
import { toIntegrationInput } from './toIntegrationInput';
import { validateIntegrationForm } from './validateForm';
import { warRoomUnavailableReason } from './warRoom';

/** Props of {@link IntegrationForm}. */
export interface IntegrationFormProps {
  /** The `<form>` id, for a Save button outside it (a dialog footer). */
  formId: string;
  /** The integration to edit; undefined to create one. */
  editing?: WeComIntegrationView;
  /** Every integration, for the War Room rule and taken IDs. */
  integrations: WeComIntegrationView[];
  /**
   * The third-party suites configured in Backstage; undefined when the
   * backend could not say (the Suite ID is typed then).
   */
  suites?: WeComSuiteSummary[];
  /** Called with the request body once the form is valid. */
  onSubmit: (input: WeComIntegrationInput) => void;
}

/**
 * The fields of one integration, checked with the backend's rules before
 * anything is sent. Messages appear after the first Save and then follow
 * each change.
 */
export const IntegrationForm = (props: IntegrationFormProps) => {
  const { formId, editing, integrations, suites, onSubmit } = props;
  const [values, setValues] = useState<IntegrationFormValues>(() =>
    editing ? formValuesFromView(editing) : emptyFormValues(),
  );
  const [errors, setErrors] = useState<FormErrors>({});
  const [submitCount, setSubmitCount] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const context = { editing, integrations, suites };
  const customApp = values.mode === 'customApp';

  const warRoomBlocker = warRoomUnavailableReason(
    values.mode,
    integrations,
    editing?.id,
  );

  const update = (change: Partial<IntegrationFormValues>) => {
    const next = { ...values, ...change };
    setValues(next);
    if (submitCount > 0) setErrors(validateIntegrationForm(next, context));
  };
  const updateSecret = (
    key: SecretKey,
    draft: IntegrationFormValues['secrets'][SecretKey],
  ) => update({ secrets: { ...values.secrets, [key]: draft } });

  // Take the admin to the first field that needs attention.
  useEffect(() => {
    if (submitCount === 0) return;
    formRef.current
      ?.querySelector<HTMLElement>('[aria-invalid="true"]')
      ?.focus();
  }, [submitCount]);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateIntegrationForm(values, context);
    setErrors(found);
    setSubmitCount(count => count + 1);
    if (Object.keys(found).length === 0) {
      onSubmit(
        toIntegrationInput(values, {
          editing,
          warRoomAvailable: !warRoomBlocker,
          suites,
        }),
      );
    }
  };

  const textField = (
    field:
      | 'id'
      | 'name'
      | 'corpId'
      | 'agentId'
      | 'apiBaseUrl'
      | 'botId'
      | 'botWsUrl',
    label: string,
    description: string,
    extra?: { placeholder?: string; inputMode?: 'numeric' },
  ) => (
    <TextField
      label={label}
      description={description}
      name={field}
      value={values[field]}
      onChange={value => update({ [field]: value })}
      validationBehavior="aria"
      validate={() => errors[field]}
      placeholder={extra?.placeholder}
      inputMode={extra?.inputMode}
    />
  );

  const secretField = (key: SecretKey) => (
    <SecretField
      spec={secretFieldSpecs[key]}
      draft={values.secrets[key]}
      onChange={draft => updateSecret(key, draft)}
      storedState={
        editing ? secretFieldSpecs[key].storedState(editing) : undefined
      }
      error={errors[key]}
    />
  );

  return (
    <form
      id={formId}
      ref={formRef}
      onSubmit={handleSubmit}
      noValidate
      aria-label={editing ? `Edit ${editing.name}` : 'New integration'}
    >
      <Flex direction="column" gap="4">
        <RadioGroup
          label="Mode"
          description="A custom app is built in your own corp; a third-party app comes from a service provider's suite."
          orientation="horizontal"
          value={values.mode}
          onChange={mode => update({ mode: mode as WeComIntegrationMode })}
        >
          <Radio value="customApp">Custom app</Radio>
          <Radio value="thirdPartyApp">Third-party app</Radio>
        </RadioGroup>

        {editing ? (
          <Text variant="body-medium">
            Integration ID: <code>{editing.id}</code> (part of the callback
            URLs, so it cannot change)
          </Text>
        ) : (
          textField(
            'id',
            'Integration ID',
            'Lower-case letters, digits, - and _. It becomes part of the callback URLs and cannot change later.',
            { placeholder: 'acme' },
          )
        )}
        {textField('name', 'Name', 'How Backstage shows this integration.')}
        {editing ? (
          <Text variant="body-medium">
            Corp ID: <code>{editing.corpId}</code> (its members are the linked
            users, so it cannot change; for another corp, add an integration)
          </Text>
        ) : (
          textField(
            'corpId',
            'Corp ID',
            'My Company → Company Information → Corp ID in the WeCom admin console.',
            { placeholder: 'ww0123456789abcdef' },
          )
        )}
        {customApp ? (
          <>
            {textField(
              'agentId',
              'AgentId',
              "Shown on the app's page under App Management.",
              { placeholder: '1000002', inputMode: 'numeric' },
            )}
            {secretField('secret')}
            <Switch
              label="Private deployment"
              isSelected={values.privateDeployment}
              onChange={privateDeployment => update({ privateDeployment })}
            />
            {values.privateDeployment &&
              textField(
                'apiBaseUrl',
                'Endpoint',
                `The API address of your own WeCom server; WeCom's public cloud is ${WECOM_PUBLIC_API_BASE_URL}. Its host must be one your Backstage admin allowed (wecom.allowedApiHosts). Changing it asks for the Secret again.`,
                { placeholder: 'https://wecom.example.com' },
              )}
            <Text as="h3" variant="title-x-small">
              App callback
            </Text>
            {secretField('callbackToken')}
            {secretField('callbackEncodingAESKey')}
          </>
        ) : (
          <>
            <SuiteChoice
              suites={suites}
              suiteId={values.suiteId}
              error={errors.suiteId}
              onChange={suiteId => update({ suiteId })}
            />
            <Text variant="body-small" color="secondary">
              A third-party app uses its suite's endpoint, secret and callback
              keys, which your Backstage admin configured (wecom.suites): once
              the corp's admin installs the app in WeCom, WeCom tells Backstage
              which app to use.
            </Text>
          </>
        )}

        <Text as="h3" variant="title-x-small">
          Smart bot
        </Text>
        <RadioGroup
          label="Bot transport"
          description="How WeCom reaches the bot: it calls the Bot callback URL, or Backstage opens a long connection to WeCom, for a Backstage that WeCom cannot reach."
          orientation="horizontal"
          value={values.botMode}
          onChange={botMode =>
            update({ botMode: botMode as WeComBotTransport })
          }
        >
          <Radio value="callback">Callback URL</Radio>
          <Radio value="longConnection">Long connection</Radio>
        </RadioGroup>
        {values.botMode === 'callback' ? (
          <>
            {secretField('botToken')}
            {secretField('botEncodingAESKey')}
          </>
        ) : (
          <>
            {textField(
              'botId',
              'Bot ID',
              "The bot's ID from its API settings in WeCom (long-connection mode).",
              { placeholder: 'aib0123456789abcdef' },
            )}
            {secretField('botSecret')}
            {textField(
              'botWsUrl',
              'Long-connection address',
              "Only for a private deployment: the address its admin console shows, on a host your Backstage admin allowed (wecom.allowedApiHosts). Empty means WeCom's public cloud (wss://openws.work.weixin.qq.com).",
              { placeholder: 'wss://openws.work.weixin.qq.com' },
            )}
          </>
        )}

        <Flex direction="column" gap="1">
          <Switch
            label="Enable War Room"
            isSelected={!warRoomBlocker && values.warRoomEnabled}
            isDisabled={Boolean(warRoomBlocker)}
            onChange={warRoomEnabled => update({ warRoomEnabled })}
            aria-describedby={`${formId}-war-room`}
          />
          <Text
            id={`${formId}-war-room`}
            variant="body-small"
            color="secondary"
          >
            {warRoomBlocker ??
              'Lets incidents open a WeCom group chat with their responders.'}
          </Text>
        </Flex>

        <Text as="h3" variant="title-x-small">
          One-Click Link
        </Text>
        <Flex direction="column" gap="1">
          <Switch
            label="Match by personal email"
            isSelected={values.matchPersonalEmail}
            onChange={matchPersonalEmail => update({ matchPersonalEmail })}
            aria-describedby={`${formId}-personal-email`}
          />
          <Text
            id={`${formId}-personal-email`}
            variant="body-small"
            color="secondary"
          >
            Only if members cannot edit their own email in your corp: a member
            who enters a colleague's address as their personal email would be
            linked to the colleague's Backstage user. Off, One-Click Link
            matches by mobile and corporate email only.
          </Text>
        </Flex>
      </Flex>
    </form>
  );
};
