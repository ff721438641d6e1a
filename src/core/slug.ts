// GitHub-style heading anchors, as GitHub and VS Code's markdown preview compute them.

const STRIP = /[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu;
const WORD = /^[A-Za-z0-9_-]+$/;

export function slugify(text: string): string {
  if (WORD.test(text)) {
    return text.toLowerCase(); // alert names and most single-word headings: nothing to strip
  }
  return text.trim().toLowerCase().replace(STRIP, '').replace(/ /g, '-');
}

/** Hands out unique slugs the way GitHub does: `intro`, `intro-1`, `intro-2`, … */
export class Slugger {
  private readonly seen = new Map<string, number>();

  slug(text: string): string {
    const base = slugify(text);
    let slug = base;
    let n = this.seen.get(base);
    if (n !== undefined) {
      do {
        n++;
        slug = `${base}-${n}`;
      } while (this.seen.has(slug));
      this.seen.set(base, n);
    }
    this.seen.set(slug, this.seen.get(slug) ?? 0);
    return slug;
  }
}
