import {
  Alert,
  Box,
  ButtonIcon,
  Flex,
  Link,
  Menu,
  MenuItem,
  MenuTrigger,
  Text,
} from '@backstage/ui';
import { RiMoreLine } from '@remixicon/react';
import type { WeComCardPreview } from 'backstage-plugin-wecom-common';
import { readTemplateCard } from './readTemplateCard';

const cardStyle = {
  maxWidth: 380,
  border: '1px solid var(--bui-border-1)',
  borderRadius: 8,
  padding: 16,
};

const buttonStyle = (primary: boolean) => ({
  display: 'inline-block',
  padding: '4px 12px',
  borderRadius: 4,
  border: '1px solid var(--bui-border-2)',
  ...(primary
    ? { backgroundColor: 'var(--bui-accent-bg)', color: 'var(--bui-accent-fg)' }
    : {}),
});

/** What the backend warned about: truncations, a template that failed. */
const PreviewWarnings = (props: { preview: WeComCardPreview }) => {
  const { preview } = props;
  if (preview.templateUsed === 'custom' && preview.warnings.length === 0) {
    return null;
  }
  return (
    <Alert
      status="warning"
      title={
        preview.templateUsed === 'default'
          ? 'This template failed to render; cards use the built-in default'
          : 'Some text does not fit on the card'
      }
      description={
        <Box as="ul" m="0" pl="4" aria-label="Preview warnings">
          {preview.warnings.map(warning => (
            <li key={warning}>{warning}</li>
          ))}
        </Box>
      }
    />
  );
};

/**
 * A template card drawn the way WeCom lays it out: the source line and the
 * ⋯ menu, the title and its status, the custom lines, the key rows, and the
 * buttons; with the backend's warnings above it.
 */
export const CardPreview = (props: { preview: WeComCardPreview }) => {
  const card = readTemplateCard(props.preview.card);
  return (
    <Flex direction="column" gap="3">
      <PreviewWarnings preview={props.preview} />
      <Box as="section" aria-label="Card preview" style={cardStyle}>
        <Flex justify="between" align="center">
          <Text variant="body-small" color="secondary">
            {card.source ?? ''}
          </Text>
          {card.menu.length > 0 && (
            <MenuTrigger>
              <ButtonIcon
                aria-label="Card menu"
                variant="tertiary"
                size="small"
                icon={<RiMoreLine />}
              />
              <Menu>
                {card.menu.map(item => (
                  <MenuItem key={item} id={item}>
                    {item}
                  </MenuItem>
                ))}
              </Menu>
            </MenuTrigger>
          )}
        </Flex>
        <Box mt="2">
          <Text as="h4" variant="title-x-small" style={{ margin: 0 }}>
            {card.title ?? ''}
          </Text>
          {card.titleDesc && (
            <Text variant="body-small" color="secondary">
              {card.titleDesc}
            </Text>
          )}
        </Box>
        {card.lines.length > 0 && (
          <Box
            as="ol"
            mt="2"
            p="0"
            style={{ listStyle: 'none' }}
            aria-label="Card lines"
          >
            {card.lines.map((line, index) => (
              <li key={index}>
                <Text variant="body-medium">{line}</Text>
              </li>
            ))}
          </Box>
        )}
        {card.rows.length > 0 && (
          <Box as="dl" mt="2" mb="0" aria-label="Card rows">
            {card.rows.map((row, index) => (
              <Flex key={index} gap="3">
                <Box as="dt" style={{ minWidth: 80 }}>
                  <Text variant="body-small" color="secondary">
                    {row.key}
                  </Text>
                </Box>
                <Box as="dd" m="0">
                  {row.url ? (
                    <Link href={row.url} variant="body-small">
                      {row.value}
                    </Link>
                  ) : (
                    <Text variant="body-small">{row.value}</Text>
                  )}
                </Box>
              </Flex>
            ))}
          </Box>
        )}
        {card.buttons.length > 0 && (
          <Box
            as="ul"
            mt="3"
            mb="0"
            p="0"
            style={{
              listStyle: 'none',
              display: 'flex',
              flexWrap: 'wrap',
              gap: 'var(--bui-space-2)',
            }}
            aria-label="Card buttons"
          >
            {card.buttons.map(button => (
              <li key={button.text} style={buttonStyle(button.primary)}>
                <Text variant="body-small">{button.text}</Text>
              </li>
            ))}
          </Box>
        )}
      </Box>
      {card.url && (
        <Text variant="body-x-small" color="secondary">
          Clicking the card opens {card.url}
        </Text>
      )}
    </Flex>
  );
};
