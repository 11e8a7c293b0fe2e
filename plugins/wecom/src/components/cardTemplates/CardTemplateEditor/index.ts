export { CardTemplateEditor } from './CardTemplateEditor';
export type { CardTemplateEditorProps } from './CardTemplateEditor';
