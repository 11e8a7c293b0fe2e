import { Alert } from '@backstage/ui';

/** What to fix before a form is sent, one line each; nothing when none. */
export const DraftProblems = (props: { title: string; problems: string[] }) =>
  props.problems.length > 0 ? (
    <Alert
      status="warning"
      title={props.title}
      description={
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {props.problems.map(problem => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      }
    />
  ) : null;
