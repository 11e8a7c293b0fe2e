import { Box, Button, Flex, TextField } from '@backstage/ui';
import type { WeComEscalationTarget } from 'backstage-plugin-wecom-common';
import { CatalogOption } from '../hooks/useCatalogPeople';
import { emptyLevel, LevelDraft } from '../policyDraft';
import { moved } from '../scheduleDraft';
import { OrderedSection } from '../OrderedSection';
import { TargetsEditor } from './TargetsEditor';

/** Props of {@link LevelsEditor}. */
export interface LevelsEditorProps {
  levels: LevelDraft[];
  onChange: (levels: LevelDraft[]) => void;
  options: Record<WeComEscalationTarget['kind'], CatalogOption[]>;
  describe: (target: WeComEscalationTarget) => string;
}

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
          <OrderedSection
            key={level.key}
            title={title}
            index={index}
            count={levels.length}
            onMove={by => onChange(moved(levels, index, by))}
            onRemove={() => onChange(levels.filter((_, i) => i !== index))}
          >
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
          </OrderedSection>
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
