"""The phrase tables of `intents`: what each intent sounds like in English and Chinese, compiled.

Split from intents.py to keep each module small; `intents` imports every table it uses from here.
"""

import re

from .text import has_cjk

_LEADING_EDGE = "(?<![a-z])"


class _Phrases:
    """Alternatives split into a Latin pattern and a Chinese one, each compiled on its own.

    Speed: CPython's regex engine skips ahead to the possible first characters of a pattern only
    when it can work them out; one look-behind per alternative, a leading ``^`` or re.IGNORECASE
    defeat that and made classify() ~15 ms on 2,000 characters. So the Latin alternatives share one
    hoisted ``(?<![a-z])`` and run case-sensitively on ascii_lower(text), and the Chinese ones
    (which need no word edge: "USDT被盗") run only when the text has Chinese in it.
    """

    def __init__(self, *parts: str, gate: tuple[str, ...] = ()) -> None:
        # gate: substrings one of which every Latin alternative contains; absent all, skip the scan.
        self.gate = gate
        latin = [p.removeprefix(_LEADING_EDGE) for p in parts if not has_cjk(p)]
        cjk = [p for p in parts if has_cjk(p)]
        self.latin = re.compile(_LEADING_EDGE + "(?:" + "|".join(latin) + ")") if latin else None
        self.cjk = re.compile("|".join(cjk)) if cjk else None

    def _patterns(self, text: str) -> list[re.Pattern[str]]:
        out = [self.latin] if self.latin is not None and self._gate_open(text) else []
        if self.cjk is not None and has_cjk(text):
            out.append(self.cjk)
        return out

    def _gate_open(self, text: str) -> bool:
        return not self.gate or any(g in text for g in self.gate)

    def search(self, text: str) -> re.Match[str] | None:
        for pattern in self._patterns(text):
            m = pattern.search(text)
            if m is not None:
                return m
        return None

    def finditer(self, text: str) -> list[re.Match[str]]:
        return [m for pattern in self._patterns(text) for m in pattern.finditer(text)]

    def sub(self, replacement: str, text: str) -> str:
        for pattern in self._patterns(text):
            text = pattern.sub(replacement, text)
        return text


class _Group:
    """Several _Phrases asked as one: each has a narrow set of first letters and its own gate, which
    is cheaper than one alternation whose first letters cover the whole alphabet."""

    def __init__(self, *members: _Phrases) -> None:
        self.members = members

    def search(self, text: str) -> re.Match[str] | None:
        return next((m for member in self.members if (m := member.search(text)) is not None), None)

    def finditer(self, text: str) -> list[re.Match[str]]:
        return [m for member in self.members for m in member.finditer(text)]


def _rx(*parts: str, gate: tuple[str, ...] = ()) -> _Phrases:
    # Case-sensitive on purpose: every pattern is written in lower case and runs on ascii_lower(text).
    return _Phrases(*parts, gate=gate)


# --- emergencies -------------------------------------------------------------------------------
# Theft words: a negation right before them cancels them ("not hacked", "没被盗").
_THEFT = _rx(
    r"(?<![a-z])(?:hacked|hacker|hackers|hacking|stolen|stole|steal|drained|compromised|scammed|phished|"
    r"sim[\s-]?swap(?:ped)?|taken over|takeover|account take-?over)(?![a-z])",
    r"(?<![a-z])(?:got|been|was|were|is|get|being)\s+hack(?![a-z])",
    r"(?<![a-z])unauthori[sz]ed(?![a-z])",
    r"被\s*(?:盗|黑|hack|hacked|攻击|骗|诈骗|入侵|清空|盗号)|盗号|黑客|未经授权|未授权|资产被转|币被转|被人?转走|被人?提走|被人?提了|"
    r"被转出|陌生登录|异地登录|陌生设备登录|账户被人?登|账号被人?登|被人?登录|被人?改了?(?:密码|邮箱|手机|谷歌)",
    gate=(
        "hack",
        "stol",
        "steal",
        "drain",
        "compromis",
        "scam",
        "phish",
        "swap",
        "taken over",
        "takeover",
        "take-over",
        "unauthori",
    ),
)
# Someone else acting on the account, or the customer disowning an operation.
_NOT_ME = _Group(
    _rx(
        r"(?:someone|somebody|some one|a stranger|an unknown person|hackers?)(?:\s+else)?\s+(?:has\s+|had\s+|just\s+)?"
        r"(?:logged|logged in|login|accessed|withdrew|withdrawn|stole|got into|has access|drained|emptied)(?![a-z])",
        r"(?:someone|somebody|some one|a stranger|an unknown person)(?:\s+else)?\s+(?:has\s+|had\s+|just\s+|is\s+)?"
        r"(?:changed|reset|disabled|turned off|took|taken|transferred|sent|used|using|moved|bought|sold|traded|added|"
        r"withdrew|withdrawn)\s+(?:out\s+)?(?:all\s+)?(?:of\s+)?(?:my|our)(?![a-z])",
        gate=("some", "stranger", "unknown", "hacker"),
    ),
    _rx(  # the customer disowns an operation
        r"(?:i|we)\s+(?:did\s*n[o']?t|didn't|never|have\s*n[o']?t|haven't)\s+(?:make|made|authori[sz]e|authori[sz]ed|"
        r"request|requested|initiate|initiated|do|done|approve|approved|place|placed)\s+(?:this|that|these|those|the|"
        r"any|it|them)",
        r"(?:withdrawals?|transactions?|transfers?|logins?|trades?|orders?|that|which)\s+(?:that\s+)?(?:i|we)\s+"
        r"(?:did\s*n[o']?t|didn't|never)\s+(?:make|made|do|authori[sz]e|request|place|initiate)",
        r"(?:i|we)\s+(?:did\s*n[o']?t|didn't|never)\s+authori[sz]e",
        r"(?:wasn't|was not|it's not|not)\s+me(?![a-z])",
        gate=("n't", "not", "never"),
    ),
    _rx(
        r"(?:login|log-?in|sign-?in|signed in|logged in)\s+(?:from|on|at)\s+(?:an?\s+)?(?:unknown|unrecogni[sz]ed|"
        r"strange|new|foreign|suspicious)",
        gate=("log", "sign"),
    ),
    _rx(
        r"(?:funds|money|coins|crypto|assets|balance|usdt|btc|eth|everything)\s+"
        r"(?:is|are|was|were|has been|have been|got|just)?\s*(?:gone|disappeared|vanished|emptied|wiped)(?![a-z])",
        gate=("gone", "disappeared", "vanished", "emptied", "wiped"),
    ),
    _rx(
        r"(?:不是|并非|非)我?(?:本人)?操作|我(?:根本|从来|并|完全)?(?:没有|没|从没|从来没)(?:操作|提现|提币|转账|授权|申请|"
        r"登录|下单|交易)|有人(?:登录|登陆|登了|进了|动了|盗|提|转走|改了|用了|操作)|"
        r"(?:资产|余额|币|钱|资金|u|usdt)(?:全|都|全部)?(?:没了|不见了|清零|归零|被清空)",
    ),
)
_NEGATION_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:not|never|no|isn't|wasn't|weren't|hasn't|haven't|didn't|don't|doesn't|won't|without)\s+"
    r"(?:\w+\s+){0,2}|(?:没有|没|不是|并未|并没有|未曾|不会|没被|并没|并非)\s*\S{0,2})$"
)
_HYPOTHETICAL = _rx(
    r"(?<![a-z])(?:prevent|protect|avoid|safeguard|secure my|keep my account safe|stop (?:my account|it) from|"
    r"what (?:happens|should i do|do i do|to do|can i do) if|what if|in case|if (?:my|an|the|someone|"
    r"somebody|i get|i'm|i am)|"
    r"could (?:my|an|someone)|can (?:my|an|someone|hackers)|is it possible|how (?:safe|secure)|risk of|"
    r"tips|chance of|worried about|afraid of|scared of|before it|(?:could|might|may|would|will|can|gonna)\s+(?:\w+\s+)?"
    r"(?:steal|hack|get hacked|be hacked|be stolen|get stolen))(?![a-z])",
    r"(?:如何|怎么|怎样|怎麼)(?:防止|防范|预防|避免|保护|防)|防止|防范|预防|避免|如果|万一|假如|要是|会不会被|怎么防|"
    r"安全吗|安全不|有没有可能|会不会|会被盗吗|会被黑吗|担心|害怕|怕被",
)
# Someone else's account: "my friend got hacked" is a question about us, not an emergency on this account.
_THIRD_PARTY = _rx(
    r"(?<![a-z])(?:my friend|a friend|friend's|my brother|my sister|my wife|my husband|someone i know|a colleague|"
    r"his account|her account|their account|(?:exchanges|people|users|others)\s+(?:get|got|getting|being))(?![a-z])",
    r"(?<![a-z])(?:i heard|heard that|i read|read that|people say|in the news)(?![a-z])",
    r"朋友|别人|他的|她的|他账户|她账户|同事|家人|听说|据说|很多人|好多人|新闻",
)
_QUOTED_MESSAGE = _rx(
    r"(?:email|e-mail|mail|message|msg|sms|text|dm|notification|popup|pop-up|call|caller)\s+(?:that\s+|which\s+)?"
    r"(?:says?|said|saying|claims?|claimed|claiming|telling me|told me|warns?|warning)",
    r"(?:短信|邮件|消息|通知|电话|私信|弹窗)(?:里|上|中)?(?:说|称|提示|显示|告诉我)",
    r"收到(?:一封|一条|一个|个|封|条)?(?:短信|邮件|消息|电话)?(?:说|称)",
)
# "is it real?" counts as a channel check only when the message quotes a channel value.
_REAL_QUESTION = _rx(
    r"(?<![a-z])(?:is (?:it|this|that) real|real\?|legit\?|(?:official|legitimate|genuine|yours|fake|a scam)\s*\?)",
    r"是真的吗|真的假的|是真的假的|真的吗",
)
# Clauses: a hypothetical "if …," or a quoted "an SMS says …," governs its own clause only.
_SENTENCE = re.compile(r"[.!?。！？\n;；,，]+")
_CLAUSE_MARKS = ".!?。！？\n;；,，"

# --- a person ----------------------------------------------------------------------------------
_PERSON = _rx(
    r"(?<![a-z])(?:real|live|actual|human)\s+(?:person|people|human|agent|support|being|rep|"
    r"representative|operator|staff)",
    r"(?:(?<![a-z])(?:talk|speak|chat)\s+(?:to|with)|(?:transfer|put|pass|connect)\s+me\s+(?:to|with|"
    r"through to|through))\s+"
    r"(?:a|an|the|some|your|one of your)?\s*(?:human|person|agent|someone|somebody|representative|rep|operator|staff|"
    r"support agent|manager|supervisor|customer service|support team|people)",
    r"(?<![a-z])(?:need|want|get|give|let me talk to|let me speak to|can i have|could i have|i'd like)\s+(?:me\s+)?"
    r"(?:a|an|to)?\s*(?:human|real person|agent|live agent|representative|someone real|person|a person)(?![a-z])",
    r"(?<![a-z])contact\s+(?:support|customer service|customer support|an agent|a person|someone|your team|staff)",
    r"(?<![a-z])(?:call me|phone me|give me a call|call me back|callback|call back|ring me)(?![a-z])",
    r"(?<![a-z])escalate(?![a-z])",
    r"(?<![a-z])(?:no|not a|stop the|hate this|useless)\s+(?:bot|robot|ai)(?![a-z])",
    r"人工(?!智能)|真人(?!认证|验证|审核|识别)|活人|不要机器人|别用机器人|不想跟机器人|机器人没用|不要ai|打电话给我|给我打电话|回电|电话联系我|来电话",
    r"(?:找|要|转|联系|接通|接|叫|呼叫|请|让|给我)(?:一下|下)?(?:真人|在线)?客服|客服(?:在吗|在不在|呢|人呢|出来|快|回复我|快回)",
    gate=(
        "real",
        "live",
        "actual",
        "human",
        "talk",
        "speak",
        "chat",
        " me",
        "person",
        "agent",
        "representative",
        "contact",
        "call",
        "ring me",
        "escalate",
        "bot",
        " ai",
    ),
)
# The whole message is the request: "agent", "human please".
_PERSON_ALONE = re.compile(
    r"^\W*(?:human|agent|person|representative|operator|live agent|live chat|real person|support agent|"
    r"customer service)\W*(?:please|pls|plz)?\W*$"
)
_NO_PERSON = _rx(
    r"(?<![a-z])(?:no need|don't need|do not need|don't want|do not want|no)\s+(?:for\s+|"
    r"to\s+talk\s+to\s+|to\s+speak\s+to\s+)?"
    r"(?:a|an)?\s*(?:human|agent|person|real person)",
    r"(?:不用|不需要|不要|别|无需)(?:转)?(?:人工|真人|客服)",
)
# --- is this channel ours? -------------------------------------------------------------------
_VERIFY = _rx(
    r"(?<![a-z])is (?:this|that|it) (?:really )?(?:you|from you|yours|legit|legitimate|real|official|genuine|a scam|"
    r"phishing|fake)(?![a-z])",
    r"(?<![a-z])(?:is|are) (?:this|these|that|those|it)\s.{0,50}?(?:official|legit|legitimate|genuine|fake|a scam|"
    r"phishing|from you|yours|your (?:site|website|email|number|account|team|staff|channel|domain))",
    r"(?<![a-z])(?:says?|said|saying|claims?|claiming|pretend(?:s|ing)?|pretends)\s+(?:to be|they(?:'re|"
    r" are)|he(?:'s| is)|"
    r"she(?:'s| is)|that they are|it(?:'s| is)|to work for|they work for|he works for)\s.{0,25}?"
    r"(?:support|supportdesk|staff|admin|official|team|you|agent|employee)",
    r"impersonat|phishing|look-?alike",
    r"(?<![a-z])is\s+(?:the|this|that)?\s*(?:email|e-mail|site|website|number|phone number|account|link|"
    r"url|domain|handle|"
    r"group|channel|app)\s.{0,60}?(?:yours|from you|official|legit|genuine|fake)(?![a-z])",
    r"(?<![a-z])is\s.{1,60}?\s(?:really|actually)\s+(?:your|yours|you|official|from you)(?![a-z])",
    r"(?<![a-z])(?:verify|check|confirm)\s+(?:if\s+|whether\s+)?(?:this|an?|the|that)\s+(?:email|e-mail|"
    r"site|website|link|url|"
    r"number|phone|account|address|message|handle|domain|channel|group)",
    r"(?<![a-z])official\s+(?:website|site|email|channel|telegram|twitter|x account|number|account|support|domain|app)",
    r"(?<![a-z])fake\s+(?:support|email|site|website|account|agent|admin|app)",
    r"(?<![a-z])(?:did|do|does) (?:you|your team|supportdesk) (?:guys )?(?:send|email|text|call|message|"
    r"dm)\s+(?:me|people|customers)",
    r"(?<![a-z])do you (?:have|use|run) (?:a |an )?(?:telegram|whatsapp|wechat|twitter|discord|instagram|facebook|line|"
    r"signal|x account|group|channel)",
    r"是官方|官方的吗|官方吗|是不是官方|不是官方|官方(?:网址|网站|域名|邮箱|客服|电话|账号|群|推特|电报|频道|app)"
    r"(?:是|吗|是什么|是多少|有哪些|是哪)",
    r"是你们(?:的|发的|打的|吗)|你们(?:的|发的)吗|冒充|自称|假冒|假客服|钓鱼|是骗子吗|是诈骗吗|是不是骗|可信吗|靠谱吗|"
    r"正规吗|说是(?:你们|客服|官方|工作人员)",
)
# --- ticket status -----------------------------------------------------------------------------
_STATUS = _rx(
    r"(?<![a-z])(?:status|update|updates|progress|any news|news on|what's happening|what is happening|still waiting|"
    r"been waiting|no reply|no response|haven't heard|heard back|follow up|follow-up|followup|when will|how long|"
    r"resolved|solved|check on|where is|what about|any progress|eta)(?![a-z])",
    r"怎么样了|进度|进展|状态|处理了吗|处理得|处理好|处理完|有结果|结果|多久|还没回复|没人回复|没回复|跟进|催一下|催|查一下|"
    r"怎么还没|什么时候|有回复|回复了吗|有消息",
)
_TICKET_WORD = _rx(r"(?<![a-z])(?:ticket|case|request)(?![a-z])", r"工单|单子")
# --- small talk --------------------------------------------------------------------------------
_GREETING = _rx(
    r"(?<![a-z])(?:hi there|hello there|hey there|hi|hello|hey|hiya|yo|howdy|greetings|"
    r"good (?:morning|afternoon|evening))(?![a-z])",
    r"你好|您好|哈喽|哈啰|嗨|早上好|下午好|晚上好|在吗|在不在|有人吗|有人在吗",
)
_THANKS = _rx(
    r"(?<![a-z])(?:thanks|thank you|thank u|thx|ty|tks|cheers|appreciate(?:d)?|many thanks)(?![a-z])",
    r"谢谢|多谢|感谢|谢啦|谢了|辛苦了|thx",
)
_GOODBYE = _rx(
    r"(?<![a-z])(?:bye|goodbye|good bye|see you|see ya|that's all|that is all|nothing else|have a (?:nice|"
    r"good) day)(?![a-z])",
    r"再见|拜拜|没事了|没有了|就这样|没别的了|没其他问题",
)
_FILLER = _rx(
    r"(?<![a-z])(?:ok|okay|great|got it|cool|perfect|so much|very much|a lot|for your help|for the help|your help|you|"
    r"guys|team|again|all|good|nice|alright|sure|understood|support|the|and|so|very|bot|for|help|lol|:\)|"
    r"much)(?![a-z])",
    r"好的|好|嗯|明白了?|知道了|了解|收到|非常|太|啦|哈|的|了|呀|啊|你们|你|客服|帮助|帮忙",
)
_CONTENT = re.compile(r"[A-Za-z0-9\u3400-\u9fff]")
# Small talk and a bare reference are short messages; longer ones are never only that.
_SHORT = 80
