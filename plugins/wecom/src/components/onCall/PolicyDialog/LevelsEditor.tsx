import { Box, Button, Flex, Text, TextField } from '@backstage/ui';
import type { WeComEscalationTarget } from 'backstage-plugin-wecom-common';
import { CatalogOption } from '../hooks/useCatalogPeople';
import { emptyLevel, LevelDraft } from '../policyDraft';
import { moved } from '../scheduleDraft';
import { TargetsEditor } from './TargetsEditor';

/** Props of {@link LevelsEditor}. */
export interface LevelsEditorProps {
  levels: LevelDraft[];
  onChange: (levels: LevelDraft[]) => void;
  options: Record<WeComEscalationTarget['kind'], CatalogOption[]>;
  describe: (target: WeComEscalationTarget) => string;
}

const levelStyle = {
  border: '1px solid var(--bui-border, #ccc)',
  borderRadius: 6,
  padding: 12,
};

/** A policy's levels in order, each with its targets and delay. */
export const LevelsEditor = (props: LevelsEditorProps) => {
  const { levels, onChange } = props;
  const update = (index: number, change: Partial<LevelDraft>) =>
    onChange(
      levels.map((level, i) => (i === index ? { ...level, ...change } : level)),
    );
  return (
    <Flex direction="column" gap="3">
      {levels.map((level, index) => {
        const title = `Level ${index + 1}`;
        return (
          <Box
            key={level.key}
            as="section"
            aria-label={title}
            style={levelStyle}
          >
            <Flex direction="column" gap="2">
              <Flex justify="between" align="center">
                <Text variant="title-x-small" weight="bold">
                  {title}
                </Text>
                <Flex gap="1">
                  <Button
                    size="small"
                    variant="tertiary"
                    aria-label={`Move ${title} up`}
                    isDisabled={index === 0}
                    onPress={() => onChange(moved(levels, index, -1))}
                  >
                    Up
                  </Button>
                  <Button
                    size="small"
                    variant="tertiary"
                    aria-label={`Move ${title} down`}
                    isDisabled={index === levels.length - 1}
                    onPress={() => onChange(moved(levels, index, 1))}
                  >
                    Down
                  </Button>
                  <Button
                    size="small"
                    variant="tertiary"
                    aria-label={`Remove ${title}`}
                    onPress={() =>
                      onChange(levels.filter((_, i) => i !== index))
                    }
                  >
                    Remove
                  </Button>
                </Flex>
              </Flex>
              <TargetsEditor
                label={title}
                targets={level.targets}
                onChange={targets => update(index, { targets })}
                options={props.options}
                describe={props.describe}
              />
              <TextField
                label={`Minutes to acknowledge at ${title}`}
                description="After this many minutes without an acknowledgement, the next level is notified."
                value={level.delayMinutes}
                onChange={delayMinutes => update(index, { delayMinutes })}
              />
            </Flex>
          </Box>
        );
      })}
      <Box>
        <Button
          variant="secondary"
          onPress={() => onChange([...levels, emptyLevel()])}
        >
          Add level
        </Button>
      </Box>
    </Flex>
  );
};
