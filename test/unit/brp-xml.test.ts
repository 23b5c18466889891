import { DateTime } from 'luxon';
import { brpErrors, normalizeValue, parseAnswer, timepointIso } from '../../nodes/Brp/xml';

describe('BRP answer normalization (nodes/Brp/xml.ts)', () => {
	it('reads both JSON list shapes and single records the same way', () => {
		const booking = { id: '5', resources: { resource: { id: '7', isemployee: 'false' } }, participants: '' };
		const wrapped = parseAnswer(JSON.stringify({ servicebookings: { servicebooking: booking } }));
		const plain = parseAnswer(JSON.stringify({ servicebookings: [booking] }));
		const expected = { servicebookings: [{ id: 5, resources: [{ id: 7, isemployee: false }], participants: [] }] };
		expect(wrapped).toEqual(expected);
		expect(plain).toEqual(expected);
	});

	it('treats an unknown <xs><x/></xs> wrapper as a list, keeps numbers with leading zeros as text, reads attributes', () => {
		const parsed = parseAnswer(
			'<person><id>3</id><cardnumber>007</cardnumber><customernumber>0012</customernumber><phones><phone>1</phone><phone>2</phone></phones><note lang="sv">Hej</note><guid>123</guid><showextra>true</showextra><label>true</label></person>',
		);
		expect(parsed).toEqual({
			person: { id: 3, cardnumber: '007', customernumber: '0012', phones: ['1', '2'], note: { lang: 'sv', value: 'Hej' }, guid: '123', showextra: true, label: 'true' },
		});
	});

	it('converts wall times without a timestamp in Stockholm time, including the DST edges', () => {
		expect(timepointIso({ datetime: '2026-01-15 08:00' })).toBe('2026-01-15T08:00:00+01:00');
		expect(timepointIso({ datetime: '2026-06-15 08:00' })).toBe('2026-06-15T08:00:00+02:00');
		expect(timepointIso({ date: '2026-03-29', time: '03:00' })).toBe('2026-03-29T03:00:00+02:00');
		expect(timepointIso({ date: '2026-10-25' })).toBe('2026-10-25T00:00:00+02:00');
		// The epoch timestamp decides the repeated autumn hour.
		expect(timepointIso({ timestamp: Date.parse('2026-10-25T00:30:00Z') / 1000, datetime: '2026-10-25 02:30' })).toBe('2026-10-25T02:30:00+02:00');
		expect(timepointIso({ timestamp: Date.parse('2026-10-25T01:30:00Z') / 1000, datetime: '2026-10-25 02:30' })).toBe('2026-10-25T02:30:00+01:00');
		expect(timepointIso({ datetime: 'soon' })).toBeNull();
		expect(timepointIso({})).toBeNull();
	});

	it('converts epoch timestamps exactly as luxon does in Stockholm time: every quarter hour of 2026 and 1996, DST edges included', () => {
		for (const year of [2026, 1996]) {
			const from = Date.UTC(year, 0, 1) / 1000;
			for (let s = from; s < from + 366 * 86_400; s += 900 + 7) {
				expect(timepointIso({ timestamp: s })).toBe(DateTime.fromSeconds(s, { zone: 'Europe/Stockholm' }).toISO({ suppressMilliseconds: true }));
			}
		}
		expect(timepointIso({ timestamp: '1774746000' })).toBe('2026-03-29T03:00:00+02:00');
		expect(timepointIso({ timestamp: 1774745999 })).toBe('2026-03-29T01:59:59+01:00');
		expect(timepointIso({ timestamp: 1.5 })).toBe('1970-01-01T01:00:01.500+01:00');
	});

	it('keeps escaped names exact, one-item and empty lists as arrays, the same types in XML and JSON', () => {
		const xml = parseAnswer(
			'<servicebookings><servicebooking><id>1</id><product><name>Squash &amp; Co &lt;A&gt; &quot;x&quot;</name><price>150</price></product><resources><resource><id>7</id><name>Sal &#246;st</name></resource></resources><participants/><start><timepoint><timestamp>1774746000</timestamp></timepoint></start></servicebooking></servicebookings>',
		);
		const json = parseAnswer(
			JSON.stringify({ servicebookings: [{ id: 1, product: { name: 'Squash & Co <A> "x"', price: 150 }, resources: [{ id: 7, name: 'Sal öst' }], participants: [], start: { timepoint: { timestamp: 1774746000 } } }] }),
		);
		expect(xml).toEqual(json);
		expect(json).toEqual({
			servicebookings: [
				{
					id: 1,
					product: { name: 'Squash & Co <A> "x"', price: 150 },
					resources: [{ id: 7, name: 'Sal öst' }],
					participants: [],
					start: '2026-03-29T03:00:00+02:00',
					startTimepoint: { timestamp: 1774746000 },
				},
			],
		});
		expect(parseAnswer('\uFEFF  {"servicebookings": []}')).toEqual({ servicebookings: [] });
		// JSON that gives a one-item list as its element, without a wrapper, and typed values as text.
		expect(parseAnswer('{"servicebookings": {"id": "2", "resources": {"id": "7", "name": "Sal"}, "participants": null, "order": {"preliminary": "true"}}}')).toEqual({
			servicebookings: [{ id: 2, resources: [{ id: 7, name: 'Sal' }], participants: [], order: { preliminary: true } }],
		});
		expect(parseAnswer('<servicebookings/>')).toEqual({ servicebookings: [] });
	});

	it('recognizes <errors> documents only as a whole answer', () => {
		expect(brpErrors(parseAnswer('<errors><error><code>1107</code><message>noSuchObject</message></error></errors>'))).toEqual([{ code: 1107, message: 'noSuchObject' }]);
		expect(brpErrors(parseAnswer('{"errors": [{"code": 1101, "message": "invalidValue"}]}'))).toEqual([{ code: 1101, message: 'invalidValue' }]);
		expect(brpErrors(parseAnswer('<person><id>1</id><errors/></person>'))).toBeUndefined();
	});

	it('refuses what is not XML or JSON with a reason', () => {
		expect(() => parseAnswer('   ')).toThrow('the answer was empty');
		expect(() => parseAnswer('<html><body>502</body></html>')).toThrow(/HTML page/);
		expect(() => parseAnswer('<a><b></a>')).toThrow(/the XML could not be read/);
		expect(() => parseAnswer('{"a": ')).toThrow(/the JSON was cut off or is not valid/);
		expect(() => parseAnswer('OK')).toThrow(/neither XML nor JSON/);
		expect(normalizeValue('x', '')).toBeNull();
	});
});
