// Tests the application menu: built-in roles only, no Help (openExternal), no Services, no DevTools when packaged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MenuItemConstructorOptions } from 'electron';
import { applicationMenuTemplate } from '../../../../main/window/menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const platforms: NodeJS.Platform[] = ['darwin', 'linux', 'win32'];

test('H-07 the menu is made of built-in roles with no click handlers, no Help and no Services', () => {
  for (const platform of platforms) {
    for (const isPackaged of [true, false]) {
      for (const item of flatten(applicationMenuTemplate(platform, isPackaged))) {
        assert.equal(item.click, undefined);
        assert.ok(item.role !== undefined || Array.isArray(item.submenu), JSON.stringify(item));
        assert.ok(!['help', 'services', 'shareMenu', 'startSpeaking', 'toggleSpellChecker'].includes(item.role ?? ''), item.role);
      }
    }
  }
});

test('H-13 the DevTools menu item exists only while developing', () => {
  for (const platform of platforms) {
    const roles = (isPackaged: boolean) => flatten(applicationMenuTemplate(platform, isPackaged)).map((i) => i.role);
    assert.ok(!roles(true).includes('toggleDevTools'));
    assert.ok(roles(false).includes('toggleDevTools'));
  }
});

test('copy and paste keep working (the Edit roles are present)', () => {
  const roles = flatten(applicationMenuTemplate('darwin', true)).map((i) => i.role);
  for (const role of ['copy', 'paste', 'cut', 'selectAll', 'quit'] as const) assert.ok(roles.includes(role), role);
});
