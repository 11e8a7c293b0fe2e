import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LevelDraft } from '../policyDraft';
import { LevelsEditor } from './LevelsEditor';

const level = (key: string, delayMinutes: string): LevelDraft => ({
  key,
  targets: [],
  delayMinutes,
});

const Harness = () => {
  const [levels, setLevels] = useState([level('a', '5'), level('b', '30')]);
  return (
    <LevelsEditor
      levels={levels}
      onChange={setLevels}
      options={{ schedule: [], group: [], user: [] }}
      describe={target => target.ref}
    />
  );
};

const delayAt = (title: string) =>
  (
    screen.getByRole('textbox', {
      name: new RegExp(`Minutes to acknowledge at ${title}`),
    }) as HTMLInputElement
  ).value;

describe('LevelsEditor', () => {
  it('moves a level up or down, not past either end, and removes it', async () => {
    render(<Harness />);
    expect(
      screen.getByRole('button', { name: 'Move Level 1 up' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Move Level 2 down' }),
    ).toBeDisabled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Move Level 1 down' }),
    );
    expect([delayAt('Level 1'), delayAt('Level 2')]).toEqual(['30', '5']);

    await userEvent.click(
      screen.getByRole('button', { name: 'Remove Level 1' }),
    );
    expect(screen.getAllByRole('region')).toHaveLength(1);
    expect(delayAt('Level 1')).toBe('5');
  });
});
