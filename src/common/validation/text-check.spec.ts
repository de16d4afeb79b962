import 'reflect-metadata';
import { IsString } from 'class-validator';
import { IsMetadata } from '../metadata/metadata';
import { FreeText } from './free-text.decorator';
import { OmittableType } from './omittable';
import { findForbiddenText, findTextFailure } from './text-check';

class Note {
  @IsString()
  @FreeText()
  body!: string;

  @IsString()
  reference!: string;

  @IsMetadata()
  metadata!: Record<string, string>;

  @IsString({ each: true })
  tags!: string[];
}

class NoteUpdate extends OmittableType(Note) {}

const note = (fields: Partial<Note>) => Object.assign(new Note(), { body: 'b', reference: 'r', metadata: {}, tags: [], ...fields });

describe('findTextFailure', () => {
  it('finds nothing in clean input', () => {
    expect(findTextFailure(note({ body: 'two\nlines', metadata: { note: 'a\tb' }, tags: ['x'] }))).toBeUndefined();
  });

  it('names the field, the metadata value or the array item at fault', () => {
    expect(findTextFailure(note({ reference: 'r\n' }))).toEqual({ param: 'reference', message: 'reference must not contain control characters (found U+000A).' });
    expect(findTextFailure(note({ body: '\u0000' }))?.param).toBe('body');
    expect(findTextFailure(note({ metadata: { ok: 'x', plan: 'p\u0000' } }))?.param).toBe('metadata.plan');
    expect(findTextFailure(note({ tags: ['ok', 'b\tad'] }))?.param).toBe('tags[1]');
  });

  it('treats metadata keys as plain text, naming the metadata', () => {
    expect(findTextFailure(note({ metadata: { 'a\tb': 'x' } }))).toEqual({
      param: 'metadata',
      message: 'metadata keys must not contain control characters (found U+0009).',
    });
  });

  it('reports the first offender in field order', () => {
    expect(findTextFailure(note({ body: '\u0001', reference: '\u0001' }))?.param).toBe('body');
  });

  it('keeps free-text marks through OmittableType', () => {
    const update = Object.assign(new NoteUpdate(), { body: 'two\nlines', reference: 'r\n' });
    expect(findTextFailure(update)?.param).toBe('reference');
  });

  it('takes null-prototype objects (parsed query strings and forms) as plain objects', () => {
    const metadata = Object.assign(Object.create(null) as Record<string, string>, { 'a\nb': 'x' });
    expect(findTextFailure(note({ metadata }))?.param).toBe('metadata');
  });
});

describe('findForbiddenText', () => {
  it('refuses, in raw input, only what no field may hold', () => {
    const raw = { reference: 'two\nlines', metadata: { note: 'tab\there' } };
    expect(findForbiddenText(raw)).toBeUndefined();
    expect(findForbiddenText({ ...raw, email: 'a\udc00@example.com' })).toEqual({
      param: 'email',
      message: 'email must be valid Unicode (found an unpaired surrogate).',
    });
    expect(findForbiddenText({ lines: [{ label: 'x' }, { label: '\u0000' }] })?.param).toBe('lines[1].label');
  });

  it('leaves top-level keys to validation, which names an unknown field', () => {
    expect(findForbiddenText({ 'na\u0000me': 'x' })).toBeUndefined();
    expect(findForbiddenText({ metadata: { 'na\u0000me': 'x' } })?.param).toBe('metadata');
  });
});
