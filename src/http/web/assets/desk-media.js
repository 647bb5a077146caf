// The desk editor's script for its media part (see pages/desk-editor-media.ts); loaded on every desk page, it does nothing where its part is absent.
