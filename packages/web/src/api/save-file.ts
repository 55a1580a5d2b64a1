/**
 * Hands data the page fetched itself (with a token header, or after checking for a refusal) to
 * the browser as a download. The link is in the document while clicked and the object URL lives
 * a while after, which some browsers need to start the download.
 */
export function saveFile(data: Blob, filename: string): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
