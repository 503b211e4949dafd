/**
 * Hands a downloaded file to the browser to save: through a link of the page's document, since
 * the bytes came by `fetch` (the chat service wants its keys in a POST body, not in a URL).
 */
export function saveFile(doc: Document, blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  // The download has its bytes once it starts; the URL can go after this task.
  doc.defaultView?.setTimeout(() => URL.revokeObjectURL(url), 0);
}
