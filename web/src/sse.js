// A Server-Sent Events parser for a fetch() body. EventSource cannot send an
// Authorization header, so the page reads the stream itself; this follows the
// WHATWG "event stream interpretation" rules (fields, comments, CR/LF/CRLF).
export class SseParser {
    constructor(onEvent) {
        this.onEvent = onEvent;
        this.buffer = '';
        this.data = [];
        this.event = '';
        this.lastEventId = null;
        this.retryMs = null;
    }

    push(chunk) {
        this.buffer += chunk;
        for (;;) {
            const end = /\r\n|\n|\r/.exec(this.buffer);
            if (!end) return;
            // A lone CR at the end may be the first half of a CRLF still in flight.
            if (end[0] === '\r' && end.index === this.buffer.length - 1) return;
            const line = this.buffer.slice(0, end.index);
            this.buffer = this.buffer.slice(end.index + end[0].length);
            this.line(line);
        }
    }

    line(line) {
        if (line === '') return this.dispatch();
        if (line.startsWith(':')) return; // comment (keep-alive)
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'data') this.data.push(value);
        else if (field === 'event') this.event = value;
        else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
        else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    }

    dispatch() {
        if (this.data.length > 0) {
            this.onEvent({ type: this.event || 'message', data: this.data.join('\n'), id: this.lastEventId });
        }
        this.data = [];
        this.event = '';
    }
}
