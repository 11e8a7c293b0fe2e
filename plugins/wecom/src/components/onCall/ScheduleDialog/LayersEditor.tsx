import { Box, Button, Flex, Text, TextField } from '@backstage/ui';
import { CatalogOption } from '../hooks/useCatalogPeople';
import { NameLookup } from '../onCallLabels';
import { emptyLayer, LayerDraft, moved } from '../scheduleDraft';
import { OrderedRefList } from '../OrderedRefList';
import { OrderedSection } from '../OrderedSection';

/** Props of {@link LayersEditor}. */
export interface LayersEditorProps {
  layers: LayerDraft[];
  onChange: (layers: LayerDraft[]) => void;
  timeZone: string;
  userOptions: CatalogOption[];
  nameOf: NameLookup;
}

/**
 * A schedule's layers, most important first: each a rotation of members in
 * turn order with its hand-off time, length and start date.
 */
export const LayersEditor = (props: LayersEditorProps) => {
  const { layers, onChange } = props;
  const update = (index: number, change: Partial<LayerDraft>) =>
    onChange(
      layers.map((layer, i) => (i === index ? { ...layer, ...change } : layer)),
    );
  return (
    <Flex direction="column" gap="3">
      <Text variant="body-small" color="secondary">
        At any moment the first layer with someone on call answers; an override
        answers before every layer.
      </Text>
      {layers.map((layer, index) => {
        const title = `Layer ${index + 1}`;
        return (
          <OrderedSection
            key={layer.key}
            title={title}
            index={index}
            count={layers.length}
            onMove={by => onChange(moved(layers, index, by))}
            onRemove={() => onChange(layers.filter((_, i) => i !== index))}
          >
            <OrderedRefList
              label={`Members of ${title}`}
              addLabel={`Add member to ${title}`}
              options={props.userOptions}
              value={layer.members}
              onChange={members => update(index, { members })}
              nameOf={props.nameOf}
              emptyText="No members yet: they take turns in the order listed."
            />
            <Flex gap="2" style={{ flexWrap: 'wrap' }}>
              <TextField
                label={`Hand-off time of ${title}`}
                description="HH:mm in the schedule's time zone"
                value={layer.handoffTime}
                onChange={handoffTime => update(index, { handoffTime })}
              />
              <TextField
                label={`Rotation length of ${title} (days)`}
                value={layer.rotationDays}
                onChange={rotationDays => update(index, { rotationDays })}
              />
              <TextField
                label={`Start date of ${title}`}
                description="YYYY-MM-DD, the first member's first day"
                value={layer.startDate}
                onChange={startDate => update(index, { startDate })}
              />
            </Flex>
          </OrderedSection>
        );
      })}
      <Box>
        <Button
          variant="secondary"
          onPress={() => onChange([...layers, emptyLayer(props.timeZone)])}
        >
          Add layer
        </Button>
      </Box>
    </Flex>
  );
};
