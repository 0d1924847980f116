/** A list of fields to go to (missing before submit, or refused by the API): each line moves to its field. */
import { Button, List } from 'antd';

export interface Issue {
  key: string;
  field: string;
  text: string;
}

/** Scrolls to the form field a path names and focuses it; a list-level path goes to its section. */
export function goToField(field: string, scroll: (field: string) => boolean): void {
  if (scroll(field)) return;
  const section = field.startsWith('keyProjects') ? 'appl-key-projects' : field.startsWith('enterprises') ? 'appl-enterprises' : field.startsWith('plan.workItems') ? 'appl-work-items' : field.startsWith('cover') ? 'appl-cover' : 'appl-plan';
  document.getElementById(section)?.scrollIntoView({ block: 'start' });
}

export function IssueList({ issues, onGo }: { issues: Issue[]; onGo: (field: string) => void }) {
  return (
    <List
      size="small"
      style={{ maxHeight: 240, overflowY: 'auto' }}
      dataSource={issues}
      renderItem={(i) => (
        <List.Item key={i.key} style={{ padding: '2px 0' }}>
          <Button type="link" size="small" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => onGo(i.field)}>
            {i.text}
          </Button>
        </List.Item>
      )}
    />
  );
}
