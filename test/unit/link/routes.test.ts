import { describe, expect, it } from 'vitest';
import { RouteTable } from '../../../src/core/link/routes';

describe('RouteTable', () => {
  it('recognizes the Next.js pages router', () => {
    const t = new RouteTable(['pages/index.tsx', 'pages/about.tsx', 'pages/products/[id].tsx', 'pages/docs/[...slug].tsx', 'pages/api/cart.ts', 'pages/_app.tsx']);
    expect(t.match('https://shop.example/')).toMatchObject({ file: 'pages/index.tsx', line: 1, column: 1, framework: 'Next.js pages router' });
    expect(t.match('https://shop.example/about?x=1#top')!.file).toBe('pages/about.tsx');
    expect(t.match('https://shop.example/products/42')).toMatchObject({ file: 'pages/products/[id].tsx', reason: 'Next.js pages router route /products/[id]' });
    expect(t.match('https://shop.example/docs/a/b/c')!.file).toBe('pages/docs/[...slug].tsx');
    expect(t.match('https://shop.example/api/cart')).toBeUndefined();
  });

  it('recognizes the Next.js app router with groups, and prefers static segments', () => {
    const t = new RouteTable(['src/app/page.tsx', 'src/app/(shop)/checkout/page.tsx', 'src/app/(shop)/[category]/page.tsx', 'src/app/_lib/page.tsx', 'src/app/checkout/layout.tsx']);
    expect(t.match('https://shop.example/checkout')).toMatchObject({ file: 'src/app/(shop)/checkout/page.tsx', confidence: 0.8, reason: 'Next.js app router route /checkout' });
    expect(t.match('https://shop.example/shoes')).toMatchObject({ file: 'src/app/(shop)/[category]/page.tsx', confidence: 0.6 });
    expect(t.match('https://shop.example/')!.file).toBe('src/app/page.tsx');
    expect(t.match('https://shop.example/_lib')!.file).toBe('src/app/(shop)/[category]/page.tsx'); // private folders never route
  });

  it('recognizes SvelteKit routes', () => {
    const t = new RouteTable(['src/routes/+page.svelte', 'src/routes/blog/[slug]/+page.svelte', 'src/routes/(app)/settings/+page.svelte', 'src/routes/[[lang]]/about/+page.svelte', 'src/routes/blog/+layout.svelte']);
    expect(t.match('http://localhost:5173/blog/hello-world')).toMatchObject({ file: 'src/routes/blog/[slug]/+page.svelte', framework: 'SvelteKit' });
    expect(t.match('http://localhost:5173/settings')!.file).toBe('src/routes/(app)/settings/+page.svelte');
    expect(t.match('http://localhost:5173/about')!.file).toBe('src/routes/[[lang]]/about/+page.svelte');
    expect(t.match('http://localhost:5173/de/about')!.file).toBe('src/routes/[[lang]]/about/+page.svelte');
    expect(t.match('http://localhost:5173/')!.file).toBe('src/routes/+page.svelte');
  });

  it('recognizes Remix flat and folder routes', () => {
    const t = new RouteTable([
      'app/root.tsx',
      'app/routes/_index.tsx',
      'app/routes/about.tsx',
      'app/routes/concerts.$city.tsx',
      'app/routes/_auth.login.tsx',
      'app/routes/sitemap[.]xml.tsx',
      'app/routes/orders_.$id/route.tsx',
      'app/routes/files.$.tsx',
    ]);
    expect(t.match('https://x.example/')).toMatchObject({ file: 'app/routes/_index.tsx', framework: 'Remix' });
    expect(t.match('https://x.example/about')!.file).toBe('app/routes/about.tsx');
    expect(t.match('https://x.example/concerts/berlin')).toMatchObject({ file: 'app/routes/concerts.$city.tsx', reason: 'Remix route /concerts/:city' });
    expect(t.match('https://x.example/login')!.file).toBe('app/routes/_auth.login.tsx');
    expect(t.match('https://x.example/sitemap.xml')!.file).toBe('app/routes/sitemap[.]xml.tsx');
    expect(t.match('https://x.example/orders/7')!.file).toBe('app/routes/orders_.$id/route.tsx');
    expect(t.match('https://x.example/files/a/b.pdf')!.file).toBe('app/routes/files.$.tsx');
  });

  it('maps plain HTML pages by path', () => {
    const t = new RouteTable(['index.html', 'public/about.html', 'public/help/index.html', 'contact.htm']);
    expect(t.match('https://site.example/about.html')).toMatchObject({ file: 'public/about.html', framework: 'HTML' });
    expect(t.match('https://site.example/about')!.file).toBe('public/about.html');
    expect(t.match('https://site.example/help/')!.file).toBe('public/help/index.html');
    expect(t.match('https://site.example/')!.file).toBe('index.html');
    expect(t.match('https://site.example/contact.htm')!.file).toBe('contact.htm');
    expect(t.match('https://site.example/pricing')).toBeUndefined();
  });

  it('returns nothing when no convention is recognizable', () => {
    expect(new RouteTable(['src/App.tsx', 'src/components/Checkout.tsx']).match('https://shop.example/checkout')).toBeUndefined();
  });
});
