import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Alert,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Switch,
  Text,
} from '@backstage/ui';
import { wecomApiRef } from '../../../api';
import { errorMessage } from '../../shared/errorMessage';

/**
 * The signed-in user's own switch for WeCom alert cards. The switch moves at
 * once and goes back if the backend refuses, saying why.
 */
export const MyNotifications = () => {
  const api = useApi(wecomApiRef);
  const [enabled, setEnabled] = useState<boolean>();
  const [loadError, setLoadError] = useState<unknown>();
  const [saveError, setSaveError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let cancelled = false;
    api.getMyPreferences().then(
      preferences => {
        if (!cancelled) setEnabled(preferences.personalChannelEnabled);
      },
      e => {
        if (!cancelled) setLoadError(e);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api]);

  const change = async (next: boolean) => {
    const previous = enabled;
    setEnabled(next);
    setSaving(true);
    setSaveError(undefined);
    try {
      const saved = await api.updateMyPreferences({
        personalChannelEnabled: next,
      });
      setEnabled(saved.personalChannelEnabled);
    } catch (e) {
      setEnabled(previous);
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card role="region" aria-label="My notifications">
      <CardHeader>
        <Text as="h3" variant="title-x-small" style={{ margin: 0 }}>
          My notifications
        </Text>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="2">
          {loadError !== undefined ? (
            <Alert
              status="danger"
              title="Could not load your notification settings"
              description={errorMessage(loadError)}
            />
          ) : (
            <Switch
              label="Send me WeCom alert cards"
              isSelected={enabled ?? false}
              isDisabled={enabled === undefined || saving}
              onChange={change}
            />
          )}
          <Text variant="body-small" color="secondary">
            Off: incidents send you no personal WeCom card and show you as opted
            out; War Rooms still include you.
          </Text>
          {saveError !== undefined && (
            <Alert
              status="danger"
              title="Your setting was not changed"
              description={errorMessage(saveError)}
            />
          )}
        </Flex>
      </CardBody>
    </Card>
  );
};
